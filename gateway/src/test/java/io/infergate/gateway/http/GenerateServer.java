package io.infergate.gateway.http;

import static io.infergate.testsupport.Await.await;

import io.infergate.engine.EngineOptions;
import io.infergate.engine.LocalEngine;
import io.infergate.testsupport.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The generate tests' server: a LocalEngine with these models loaded, behind the HTTP frontend
 * on a free loopback port, with a WebClient for whole answers and an HttpClient for streams.
 */
record GenerateServer(Vertx vertx, LocalEngine engine, HttpServer server, WebClient client, HttpClient http)
        implements AutoCloseable {
    static final long BODY_LIMIT = 64 * 1024;

    /** Starts it, waiting up to {@code loadTimeout} for the models to load. */
    static GenerateServer start(List<Path> repositories, List<String> models, Duration loadTimeout) {
        Vertx vertx = Vertx.vertx();
        LocalEngine engine = Await.await(LocalEngine.start(vertx, new EngineOptions(repositories,
                EngineOptions.ModelControlMode.EXPLICIT, models, true, false)), loadTimeout);
        HttpServer server = await(HttpFrontend.listen(vertx, engine, engine,
                new HttpSettings("infergate", "0.1.0", BODY_LIMIT), "127.0.0.1", 0));
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.actualPort()));
        return new GenerateServer(vertx, engine, server, client, vertx.createHttpClient());
    }

    /** POSTs a JSON body and reads the answer as an event stream. */
    SseStream stream(String path, String body, Duration timeout) {
        return Await.await(SseStream.post(http, server.actualPort(), path, body), timeout);
    }

    @Override
    public void close() {
        await(http.close());
        client.close();
        await(server.close());
        await(engine.close());
        await(vertx.close());
    }
}
