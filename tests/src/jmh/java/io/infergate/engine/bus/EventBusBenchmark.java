package io.infergate.engine.bus;

import io.infergate.jmh.MicroBenchmark;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One request/reply over the local event bus with the engine's local codec (objects passed by
 * reference): what every inference pays between frontend and engine, thread hops included.
 */
@State(Scope.Benchmark)
public class EventBusBenchmark extends MicroBenchmark {
    private static final String ADDRESS = "bench.echo";

    /** Stands in for a prepared request: any object the codec hands over by reference. */
    public record Payload(long id) {
    }

    private Vertx vertx;
    private MessageConsumer<Payload> consumer;
    private DeliveryOptions options;
    private final Payload payload = new Payload(1);

    @Setup
    public void setUp() {
        vertx = Vertx.vertx();
        LocalObjectCodec<Payload> codec = new LocalObjectCodec<>(Payload.class);
        vertx.eventBus().registerCodec(codec);
        options = new DeliveryOptions().setCodecName(codec.name());
        consumer = vertx.eventBus().consumer(ADDRESS, message -> message.reply(message.body(), options));
        consumer.completion().toCompletionStage().toCompletableFuture().join();
    }

    @Benchmark
    public Object roundTrip() {
        return vertx.eventBus().request(ADDRESS, payload, options).toCompletionStage().toCompletableFuture().join()
                .body();
    }

    @TearDown
    public void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
