package io.infergate.e2e;

import static io.infergate.testsupport.Await.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Clients that each send slow_identity requests over HTTP one after another, every request with
 * an id of its own, until stopped; every answer is recorded with the id it came back with.
 * Closing stops the clients without waiting (for a test that failed half-way).
 */
final class SteadyLoad implements AutoCloseable {
    /** One request's fate: its id, when it was sent and answered (ms since the epoch), the status and id of the answer. */
    record Answer(String requestId, long sentMs, long answeredMs, int status, String answeredId, String error) {
        boolean ok() {
            return status == 200;
        }
    }

    /** Long enough for a request to outlive the loss of its worker and a second try. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final WebClient http;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong nextId = new AtomicLong();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final List<Future<Void>> clients = new ArrayList<>();

    private SteadyLoad(WebClient http) {
        this.http = http;
    }

    /** Starts the clients. */
    static SteadyLoad start(WebClient http, int clients) {
        SteadyLoad load = new SteadyLoad(http);
        for (int i = 0; i < clients; i++) {
            Promise<Void> done = Promise.promise();
            load.clients.add(done.future());
            load.sendNext(done);
        }
        return load;
    }

    /** How many answers (of any status) came back after this time. */
    long answeredSince(long epochMs) {
        return answers.stream().filter(a -> a.sentMs() > epochMs).count();
    }

    /** Stops sending, waits for the requests in flight, and returns every answer. */
    List<Answer> stop() {
        running.set(false);
        await(Future.join(clients), REQUEST_TIMEOUT.plusSeconds(10));
        return List.copyOf(answers);
    }

    @Override
    public void close() {
        running.set(false);
    }

    /** How many answers carry each id (an answer tells which request it answers by the id in its body). */
    static Map<String, Long> answersPerId(List<Answer> answers) {
        return answers.stream().collect(Collectors.groupingBy(Answer::answeredId, Collectors.counting()));
    }

    private void sendNext(Promise<Void> done) {
        if (!running.get()) {
            done.complete();
            return;
        }
        String id = "req-" + nextId.incrementAndGet();
        long sent = System.currentTimeMillis();
        JsonObject body = ClusterServingTest.floats("slow_identity", "INPUT0", List.of(1f)).put("id", id);
        http.post("/v2/models/slow_identity/infer").timeout(REQUEST_TIMEOUT.toMillis()).sendJsonObject(body)
                .onComplete(answer -> {
                    answers.add(answer.succeeded() ? answerOf(id, sent, answer.result())
                            : new Answer(id, sent, System.currentTimeMillis(), -1, "", answer.cause().toString()));
                    sendNext(done);
                });
    }

    private static Answer answerOf(String id, long sent, HttpResponse<Buffer> response) {
        long now = System.currentTimeMillis();
        if (response.statusCode() != 200) {
            return new Answer(id, sent, now, response.statusCode(), "", response.bodyAsString());
        }
        return new Answer(id, sent, now, 200, response.bodyAsJsonObject().getString("id", ""), "");
    }
}
