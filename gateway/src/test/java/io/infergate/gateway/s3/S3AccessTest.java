package io.infergate.gateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3AccessTest {

    @Test
    void theCredentialsComeFromTheAwsVariables() {
        S3Access access = S3Access.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_SESSION_TOKEN", "token", "AWS_DEFAULT_REGION", "eu-west-1"));
        assertEquals(new S3Access(Optional.of("AKID"), "secret", Optional.of("token"), "eu-west-1"), access);
    }

    @Test
    void withoutAKeyTheSdksDefaultChainApplies() {
        assertEquals(Optional.empty(), S3Access.fromEnvironment(Map.of("AWS_SECRET_ACCESS_KEY", "orphan")).accessKeyId());
    }

    @Test
    void theSecretAndTokenAreNeverPrinted() {
        String printed = S3Access.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY",
                "very-secret", "AWS_SESSION_TOKEN", "session-token")).toString();
        assertFalse(printed.contains("very-secret") || printed.contains("session-token"), printed);
    }

    @Test
    void awsRegionWinsOverAwsDefaultRegion() {
        assertEquals("eu-central-1", S3Access.fromEnvironment(Map.of("AWS_REGION", "eu-central-1",
                "AWS_DEFAULT_REGION", "eu-west-1")).region());
    }

    @Test
    void theRegionIsUsEast1WhenNoneIsSet() {
        assertEquals("us-east-1", S3Access.fromEnvironment(Map.of()).region());
    }
}
