package io.infergate.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** tritonserver's API[,API...]:KEY=VALUE entries, and checking a header against them. */
class RestrictedApisTest {

    private static String errorFor(String... entries) {
        return assertThrows(IllegalArgumentException.class, () -> RestrictedApis.parse(List.of(entries))).getMessage();
    }

    @Test
    void oneEntryRestrictsEachCategoryItNames() {
        RestrictedApis apis = RestrictedApis.parse(List.of("model-repository,shared-memory:admin-key=s3cret"));
        Restriction admin = new Restriction("admin-key", "s3cret");
        assertEquals(Optional.of(admin), apis.of(ApiCategory.MODEL_REPOSITORY));
        assertEquals(Optional.of(admin), apis.of(ApiCategory.SHARED_MEMORY));
        assertEquals(Optional.empty(), apis.of(ApiCategory.INFERENCE));
    }

    @Test
    void entriesWithDifferentKeysCombine() {
        RestrictedApis apis = RestrictedApis.parse(List.of("inference:infer-key=a", "logging,trace:admin=b"));
        assertEquals(Optional.of(new Restriction("infer-key", "a")), apis.of(ApiCategory.INFERENCE));
        assertEquals(Optional.of(new Restriction("admin", "b")), apis.of(ApiCategory.TRACE));
    }

    @Test
    void theCommaSplitEnvironmentFormGroupsCategoriesWithTheNextKey() {
        RestrictedApis apis = RestrictedApis.parse(List.of("health", "metadata:k=v", "statistics:k2=v2"));
        assertEquals(Optional.of(new Restriction("k", "v")), apis.of(ApiCategory.HEALTH));
        assertEquals(Optional.of(new Restriction("k", "v")), apis.of(ApiCategory.METADATA));
        assertEquals(Optional.of(new Restriction("k2", "v2")), apis.of(ApiCategory.STATISTICS));
    }

    @Test
    void aValueMayHoldColonsAndEqualsSigns() {
        assertEquals(Optional.of(new Restriction("k", "a=b")),
                RestrictedApis.parse(List.of("inference:k=a=b")).of(ApiCategory.INFERENCE));
    }

    @Test
    void aCategoryRestrictedTwiceIsRefused() {
        assertEquals("API 'inference' is restricted more than once: a category takes one key only",
                errorFor("inference:a=1", "health,inference:b=2"));
    }

    @Test
    void anUnknownCategoryIsRefusedWithTheKnownOnes() {
        assertTrue(errorFor("inferences:a=1").startsWith("'inferences:a=1' names unknown API 'inferences' (known: health,"));
    }

    @Test
    void anEntryWithoutKeyOrValueIsRefused() {
        assertTrue(errorFor("inference:key").contains("is not API[,API...]:KEY=VALUE"));
        assertTrue(errorFor("inference:=v").contains("is not API[,API...]:KEY=VALUE"));
        assertTrue(errorFor("inference:k=").contains("is not API[,API...]:KEY=VALUE"));
        assertTrue(errorFor("inference:bad key=v").contains("is not API[,API...]:KEY=VALUE"));
        assertEquals("'inference' is not API[,API...]:KEY=VALUE", errorFor("inference"));
    }

    @Test
    void aRestrictionAllowsOnlyTheExactValue() {
        Restriction restriction = new Restriction("k", "s3cret");
        assertTrue(restriction.allows("s3cret"));
        assertFalse(restriction.allows("s3cre"));
        assertFalse(restriction.allows("s3cret "));
        assertFalse(restriction.allows(""));
        assertFalse(restriction.allows(null));
    }
}
