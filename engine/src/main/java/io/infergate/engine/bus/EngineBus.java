package io.infergate.engine.bus;

import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.model.PreparedRequest;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/** How the engine talks to its model verticles over the event bus. */
public final class EngineBus {
    /**
     * Requests are passed by reference; inference may legitimately take long, so the reply
     * timeout is a day, not Vert.x's 30 s (timeouts belong to the request, see the queue policy).
     */
    private static final DeliveryOptions DELIVERY = new DeliveryOptions().setLocalOnly(true).setSendTimeout(86_400_000L);

    private EngineBus() {
    }

    /** Registers the by-reference codecs once per Vert.x instance. */
    public static void registerCodecs(Vertx vertx) {
        register(vertx, PreparedRequest.class);
        register(vertx, InferenceResponse.class);
    }

    private static <T> void register(Vertx vertx, Class<T> type) {
        try {
            vertx.eventBus().registerDefaultCodec(type, new LocalObjectCodec<>(type));
        } catch (IllegalStateException alreadyRegistered) {
            // a second engine on the same Vert.x instance shares the codec
        }
    }

    public static DeliveryOptions delivery() {
        return DELIVERY;
    }
}
