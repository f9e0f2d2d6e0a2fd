package io.infergate.gateway.cluster;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.gateway.grpc.KServeMessages;
import io.infergate.gateway.grpc.proto.ModelInferRequest;
import io.infergate.gateway.grpc.proto.ModelInferResponse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.function.Function;

/**
 * Carries an engine object between nodes as its KServe protobuf message (length-prefixed), the
 * message the gRPC frontend speaks, tensors in the raw contents. Within one node the object
 * passes by reference, as the engine's local codec does.
 *
 * @param <T> the engine's type
 * @param <M> its protobuf message
 */
final class ProtobufWireCodec<T, M extends Message> implements MessageCodec<T, T> {
    static final String REQUEST = "infergate-kserve-request";
    static final String RESPONSE = "infergate-kserve-response";

    private final String name;
    private final Function<T, M> toMessage;
    private final Parser<M> parser;
    private final Function<M, T> fromMessage;

    private ProtobufWireCodec(String name, Function<T, M> toMessage, Parser<M> parser, Function<M, T> fromMessage) {
        this.name = name;
        this.toMessage = toMessage;
        this.parser = parser;
        this.fromMessage = fromMessage;
    }

    /** Registers both codecs by name once per Vert.x instance. */
    static void register(Vertx vertx) {
        register(vertx, new ProtobufWireCodec<InferenceRequest, ModelInferRequest>(REQUEST, KServeMessages::toMessage,
                ModelInferRequest.parser(), KServeMessages::fromMessage));
        register(vertx, new ProtobufWireCodec<InferenceResponse, ModelInferResponse>(RESPONSE,
                KServeMessages::toMessage, ModelInferResponse.parser(), KServeMessages::fromMessage));
    }

    private static void register(Vertx vertx, MessageCodec<?, ?> codec) {
        try {
            vertx.eventBus().registerCodec(codec);
        } catch (IllegalStateException alreadyRegistered) {
            // the gateway and worker parts of one node share the codecs
        }
    }

    @Override
    public void encodeToWire(Buffer buffer, T object) {
        byte[] bytes = toMessage.apply(object).toByteArray();
        buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        CodedInputStream input = CodedInputStream.newInstance(buffer.getBytes(pos + 4, pos + 4 + length));
        // tensor contents then share the decoded array instead of being copied once more
        input.enableAliasing(true);
        try {
            return fromMessage.apply(parser.parseFrom(input));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(name + ": malformed message: " + e.getMessage(), e);
        }
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
