package io.infergate.gateway.security;

import static io.infergate.testsupport.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --http-restricted-api} over real sockets: every category restricted with a key of its
 * own ({@code key-<category>: value-<category>}), and one request of each category sent without
 * the header, with a wrong value, with another category's header, and with its own.
 */
class RestrictedHttpApiTest {
    private static Vertx vertx;
    private static InfergateServer server;
    private static WebClient client;

    @BeforeAll
    static void start() {
        List<String> args = new ArrayList<>(List.of("--model-control-mode=explicit", "--http-port=0",
                "--allow-grpc=false", "--allow-metrics=false", "--http-address=127.0.0.1"));
        for (ApiCategory category : ApiCategory.values()) {
            args.add("--http-restricted-api=" + category.flagName() + ":" + key(category) + "=" + value(category));
        }
        server = await(InfergateServer.start(ServerOptions.fromArgs(args.toArray(String[]::new))));
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));
    }

    @AfterAll
    static void stop() {
        await(server.close());
        await(vertx.close());
    }

    private static String key(ApiCategory category) {
        return "key-" + category.flagName();
    }

    private static String value(ApiCategory category) {
        return "value-" + category.flagName();
    }

    /** One request of the category, as a client sends it. */
    private static HttpRequest<Buffer> sample(ApiCategory category) {
        return switch (category) {
            case HEALTH -> client.get("/v2/health/live");
            case METADATA -> client.get("/v2");
            case INFERENCE -> client.post("/v2/models/missing/infer");
            case SHARED_MEMORY -> client.get("/v2/systemsharedmemory/status");
            case MODEL_CONFIG -> client.get("/v2/models/missing/config");
            case MODEL_REPOSITORY -> client.post("/v2/repository/index");
            case STATISTICS -> client.get("/v2/models/stats");
            case TRACE -> client.get("/v2/trace/setting");
            case LOGGING -> client.get("/v2/logging");
        };
    }

    private static HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
        return await(request.method() == HttpMethod.POST ? request.sendJsonObject(new JsonObject()) : request.send());
    }

    private static void assertRefused(ApiCategory category, HttpResponse<Buffer> response) {
        assertEquals(403, response.statusCode(), response.bodyAsString());
        assertEquals("This API is restricted, expecting header '" + key(category) + "'",
                response.bodyAsJsonObject().getString("error"));
    }

    @ParameterizedTest
    @EnumSource(ApiCategory.class)
    void aRequestWithoutTheHeaderIsRefused(ApiCategory category) {
        assertRefused(category, send(sample(category)));
    }

    @ParameterizedTest
    @EnumSource(ApiCategory.class)
    void aRequestWithAnotherValueIsRefused(ApiCategory category) {
        assertRefused(category, send(sample(category).putHeader(key(category), value(category) + "x")));
    }

    @ParameterizedTest
    @EnumSource(ApiCategory.class)
    void anotherCategorysHeaderDoesNotOpenThisOne(ApiCategory category) {
        ApiCategory other = ApiCategory.values()[(category.ordinal() + 1) % ApiCategory.values().length];
        assertRefused(category, send(sample(category).putHeader(key(other), value(other))));
    }

    @ParameterizedTest
    @EnumSource(ApiCategory.class)
    void aRequestWithTheHeaderReachesItsEndpoint(ApiCategory category) {
        HttpResponse<Buffer> response = send(sample(category).putHeader(key(category).toUpperCase(Locale.ROOT),
                value(category)));
        assertNotEquals(403, response.statusCode(), response.bodyAsString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/models/missing/generate", "/v2/models/missing/versions/1/generate_stream"})
    void theGenerateEndpointsAreInferenceRequests(String path) {
        assertRefused(ApiCategory.INFERENCE, send(client.post(path)));
    }

    @Test
    void anotherSpellingOfARestrictedPathIsRefusedToo() {
        assertRefused(ApiCategory.HEALTH, send(client.get("/v2//health/./live/")));
        assertRefused(ApiCategory.MODEL_REPOSITORY, send(client.post("/v2/repository/models/m/../../%69ndex")));
    }

    @Test
    void overHttp2ARefusalEndsOnlyItsStream() {
        WebClient http2 = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()).setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        try {
            HttpResponse<Buffer> refused = await(http2.post("/v2/repository/index").sendJsonObject(new JsonObject()));
            assertEquals(HttpVersion.HTTP_2, refused.version());
            assertRefused(ApiCategory.MODEL_REPOSITORY, refused);
            assertRefused(ApiCategory.HEALTH, await(http2.get("/v2/health/live").send()));
            HttpResponse<Buffer> allowed = await(http2.get("/v2/health/live")
                    .putHeader(key(ApiCategory.HEALTH), value(ApiCategory.HEALTH)).send());
            assertEquals(200, allowed.statusCode());
        } finally {
            http2.close();
        }
    }

    @Test
    void aPathOfNoCategoryIsNotFound() {
        assertEquals(404, send(client.get("/v2/nothing")).statusCode());
    }
}
