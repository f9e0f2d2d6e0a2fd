package io.infergate.engine.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes an object between verticles of this JVM by reference: requests and responses carry
 * tensor buffers that must not be copied. Clustered delivery needs a wire codec instead.
 */
final class LocalObjectCodec<T> implements MessageCodec<T, T> {
    private final String name;

    public LocalObjectCodec(Class<T> type) {
        this.name = "infergate-local-" + type.getName();
    }

    @Override
    public void encodeToWire(Buffer buffer, T object) {
        throw new UnsupportedOperationException(name + " delivers within this JVM only");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException(name + " delivers within this JVM only");
    }

    @Override
    public T transform(T object) {
        return object;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
