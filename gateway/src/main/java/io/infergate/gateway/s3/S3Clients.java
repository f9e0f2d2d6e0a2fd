package io.infergate.gateway.s3;

import java.time.Duration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Makes the S3 clients of S3 repositories: the JDK's HTTP client, bounded waits, path-style custom endpoints. */
public final class S3Clients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private S3Clients() {
    }

    /** A client for this location with this access; the caller closes it. */
    public static S3Client create(S3Location location, S3Access access) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT).socketTimeout(READ_TIMEOUT))
                .region(access.awsRegion())
                .credentialsProvider(access.credentials());
        location.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint)
                // S3-compatible stores address buckets by path, and few check the SDK's newer checksums
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        return builder.build();
    }
}
