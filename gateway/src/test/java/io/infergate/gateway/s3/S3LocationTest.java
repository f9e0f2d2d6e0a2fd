package io.infergate.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void aBucketAndPathAreOnAwsItself() {
        assertEquals(new S3Location(Optional.empty(), "my-bucket", "path/to/models/"),
                S3Location.parse("s3://my-bucket/path/to/models"));
    }

    @Test
    void aBucketAloneIsItsRoot() {
        assertEquals(new S3Location(Optional.empty(), "my-bucket", ""), S3Location.parse("s3://my-bucket"));
        assertEquals(new S3Location(Optional.empty(), "my-bucket", ""), S3Location.parse("s3://my-bucket/"));
    }

    @Test
    void aHostWithAPortIsACustomEndpointOverHttp() {
        assertEquals(new S3Location(Optional.of(URI.create("http://minio.local:9000")), "models", "repo/"),
                S3Location.parse("s3://minio.local:9000/models/repo/"));
    }

    @Test
    void httpsIsAskedForAsTritonDoes() {
        assertEquals(Optional.of(URI.create("https://10.0.0.5:443")),
                S3Location.parse("s3://https://10.0.0.5:443/models").endpoint());
    }

    @Test
    void itPrintsAsItIsWritten() {
        assertEquals("s3://minio.local:9000/models/repo", S3Location.parse("s3://minio.local:9000/models/repo/").toString());
        assertEquals("s3://https://h:443/bkt", S3Location.parse("s3://https://h:443/bkt").toString());
        assertEquals("s3://bucket/a/b", S3Location.parse("s3://bucket/a/b").toString());
    }

    @Test
    void onlyS3LocationsAreS3() {
        assertTrue(S3Location.isS3("s3://b/p"));
        assertFalse(S3Location.isS3("/models"));
        assertFalse(S3Location.isS3("gs://b/p"));
    }

    @Test
    void anInvalidBucketNameIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> S3Location.parse("s3://Not_A_Bucket/p"));
        assertTrue(refused.getMessage().contains("'Not_A_Bucket' is not a valid bucket name"), refused.getMessage());
    }

    @Test
    void aPathThatClimbsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://bucket/a/../b"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://bucket//a"));
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://host:70000/bucket"));
    }

    @Test
    void nothingAfterTheSchemeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://"));
    }
}
