package io.infergate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** --cache-config in tritonserver's syntax, and each way to get it wrong. */
class CacheOptionsTest {
    private static ServerOptions withCache(String... flags) {
        String[] args = new String[flags.length + 1];
        args[0] = "--model-repository=/tmp";
        System.arraycopy(flags, 0, args, 1, flags.length);
        return ServerOptions.fromArgs(args);
    }

    private static String refusal(String... flags) {
        return assertThrows(ConfigException.class, () -> withCache(flags)).getMessage();
    }

    @Test
    void noCacheByDefault() {
        ServerOptions options = withCache();
        assertFalse(options.cache().enabled());
        assertEquals(0, options.toEngineOptions().responseCacheBytes());
        assertFalse(options.metrics().cacheFamilies());
    }

    @Test
    void theLocalCacheGetsItsSizeInBytes() {
        ServerOptions options = withCache("--cache-config=local,size=1048576");
        assertEquals(1048576, options.toEngineOptions().responseCacheBytes());
        assertTrue(options.metrics().cacheFamilies());
    }

    @Test
    void aSizeOfZeroIsRefused() {
        assertTrue(refusal("--cache-config=local,size=0").contains("is not a positive number of bytes"));
    }

    @Test
    void aSizeThatIsNotANumberIsRefused() {
        assertTrue(refusal("--cache-config=local,size=1MB").contains("'1MB' is not a positive number of bytes"));
    }

    @Test
    void anUnknownCacheIsRefusedNamingIt() {
        assertTrue(refusal("--cache-config=redis,host=localhost").contains("unknown cache 'redis'"));
    }

    @Test
    void anUnknownKeyIsRefusedNamingIt() {
        assertTrue(refusal("--cache-config=local,sise=100").contains("unknown key 'sise'"));
    }

    @Test
    void theLocalCacheWithoutASizeIsRefused() {
        assertTrue(refusal("--cache-config=local").contains("no key=value"));
    }

    @Test
    void anEntryWithoutEqualsIsRefused() {
        assertTrue(refusal("--cache-config=local,size").contains("'size' is not key=value"));
    }
}
