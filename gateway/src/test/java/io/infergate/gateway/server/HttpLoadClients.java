package io.infergate.gateway.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that keep a fixed number of HTTP inference requests in flight against one model of the
 * add/sub example signature (INPUT0 = 5, INPUT1 = 2 in all 16 elements), over real sockets, and
 * record every answer.
 */
final class HttpLoadClients implements AutoCloseable {

    /**
     * One request as the client saw it.
     *
     * @param sentNanos     when it was sent
     * @param answeredNanos when its answer arrived
     * @param status        the HTTP status, or -1 when the connection failed
     * @param version       the model_version of a 200 answer, else null
     * @param output0       element 0 of OUTPUT0 of a 200 answer (7 for add/sub, 3 for sub/add)
     * @param error         the body of a failed answer, or the connection failure
     */
    record Sample(long sentNanos, long answeredNanos, int status, String version, int output0, String error) {
        boolean failed() {
            return status != 200;
        }

        /** The version and the model file that answered: "2:add" or "2:sub". */
        String servedBy() {
            return version + ":" + (output0 == 7 ? "add" : output0 == 3 ? "sub" : "unknown " + output0);
        }

        double latencyMillis() {
            return (answeredNanos - sentNanos) / 1e6;
        }
    }

    private static final Buffer BODY = Buffer.buffer(new JsonObject().put("inputs", new JsonArray()
            .add(input("INPUT0", 5)).add(input("INPUT1", 2))).encode());

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client;
    private final String path;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger active = new AtomicInteger();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();

    HttpLoadClients(int port, String model, int inFlight) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(inFlight));
        this.path = "/v2/models/" + model + "/infer";
        for (int i = 0; i < inFlight; i++) {
            active.incrementAndGet();
            vertx.runOnContext(v -> send());
        }
    }

    private static JsonObject input(String name, int value) {
        JsonArray data = new JsonArray();
        for (int i = 0; i < 16; i++) {
            data.add(value);
        }
        return new JsonObject().put("name", name).put("datatype", "INT32").put("shape", new JsonArray().add(1).add(16))
                .put("data", data);
    }

    private void send() {
        long sent = System.nanoTime();
        client.request(HttpMethod.POST, path)
                .compose(request -> request.putHeader("content-type", "application/json").send(BODY))
                .compose(response -> response.body().map(body -> sample(sent, response.statusCode(), body)))
                .onComplete(done -> {
                    samples.add(done.succeeded() ? done.result()
                            : new Sample(sent, System.nanoTime(), -1, null, 0, String.valueOf(done.cause())));
                    if (running.get()) {
                        send();
                    } else {
                        active.decrementAndGet();
                    }
                });
    }

    private static Sample sample(long sent, int status, Buffer body) {
        long answered = System.nanoTime();
        if (status != 200) {
            return new Sample(sent, answered, status, null, 0, body.toString());
        }
        JsonObject json = body.toJsonObject();
        int output0 = json.getJsonArray("outputs").stream().map(JsonObject.class::cast)
                .filter(output -> output.getString("name").equals("OUTPUT0")).findFirst().orElseThrow()
                .getJsonArray("data").getInteger(0);
        return new Sample(sent, answered, status, json.getString("model_version"), output0, null);
    }

    /** Stops sending; true once every client's last request has been answered. */
    boolean stop() {
        running.set(false);
        return active.get() == 0;
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        running.set(false);
        vertx.close().await();
    }
}
