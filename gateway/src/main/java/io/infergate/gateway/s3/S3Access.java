package io.infergate.gateway.s3;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The credentials and region S3 repositories are read with, from the usual AWS environment
 * variables as Triton reads them: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
 * and AWS_REGION or AWS_DEFAULT_REGION (us-east-1 when neither is set). Without a key in the
 * environment the SDK's default chain applies (profile files, container and instance roles).
 *
 * @param accessKeyId     empty to use the SDK's default chain
 * @param secretAccessKey the secret of that key
 * @param sessionToken    a temporary session's token, or empty
 * @param region          the region requests are signed for
 */
public record S3Access(Optional<String> accessKeyId, String secretAccessKey, Optional<String> sessionToken,
        String region) {
    public static final String DEFAULT_REGION = "us-east-1";

    /** The access the environment gives. */
    public static S3Access fromEnvironment(Map<String, String> environment) {
        String region = nonBlank(environment.get("AWS_REGION"))
                .or(() -> nonBlank(environment.get("AWS_DEFAULT_REGION"))).orElse(DEFAULT_REGION);
        return new S3Access(nonBlank(environment.get("AWS_ACCESS_KEY_ID")),
                environment.getOrDefault("AWS_SECRET_ACCESS_KEY", ""),
                nonBlank(environment.get("AWS_SESSION_TOKEN")), region);
    }

    /** Access with this key and secret, in the default region. */
    public static S3Access of(String accessKeyId, String secretAccessKey) {
        return new S3Access(Optional.of(accessKeyId), secretAccessKey, Optional.empty(), DEFAULT_REGION);
    }

    AwsCredentialsProvider credentials() {
        if (accessKeyId.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(sessionToken.<AwsCredentials>map(
                token -> AwsSessionCredentials.create(accessKeyId.get(), secretAccessKey, token))
                .orElseGet(() -> AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey)));
    }

    Region awsRegion() {
        return Region.of(region);
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** Never prints the secret or the token: options are logged. */
    @Override
    public String toString() {
        return "S3Access[accessKeyId=" + accessKeyId.orElse("(default chain)") + ", region=" + region + "]";
    }
}
