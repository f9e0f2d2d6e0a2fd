package io.infergate.gateway.cluster;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.gateway.kserve.KServeMessages;
import io.infergate.gateway.kserve.proto.ModelInferRequest;
import io.infergate.gateway.kserve.proto.ModelInferResponse;
import io.infergate.gateway.netty.NettyBuffers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Carries an engine object between nodes as its KServe protobuf message (length-prefixed), the
 * message the gRPC frontend speaks, tensors in the raw contents. Within one node the object
 * passes by reference, as the engine's local codec does.
 * <p>
 * Tensor data is copied once on its way: the message is written without its raw contents (names,
 * shapes, parameters: small), then each raw content as its own field straight from the tensor's
 * buffer into the frame (protobuf reads repeated fields in the order they come, wherever they
 * are). The receiver parses a view of the frame, and the tensors it reads are slices of it: the
 * event bus hands each codec a frame of its own (its record parser copied it off the connection),
 * so nothing else writes to it.
 *
 * @param <T> the engine's type
 * @param <M> its protobuf message
 */
final class ProtobufWireCodec<T, M extends Message> implements MessageCodec<T, T> {
    static final String REQUEST = "infergate-kserve-request";
    static final String RESPONSE = "infergate-kserve-response";

    /**
     * How one kind of message keeps its tensor data.
     *
     * @param field      the raw contents' field number
     * @param contents   the raw contents, one per tensor
     * @param withoutThem the message with its raw contents cleared
     */
    private record RawContents<M>(int field, Function<M, List<ByteString>> contents, UnaryOperator<M> withoutThem) {
    }

    private final String name;
    private final Function<T, M> toMessage;
    private final RawContents<M> raw;
    private final Parser<M> parser;
    private final Function<M, T> fromMessage;

    private ProtobufWireCodec(String name, Function<T, M> toMessage, RawContents<M> raw, Parser<M> parser,
            Function<M, T> fromMessage) {
        this.name = name;
        this.toMessage = toMessage;
        this.raw = raw;
        this.parser = parser;
        this.fromMessage = fromMessage;
    }

    static ProtobufWireCodec<InferenceRequest, ModelInferRequest> requests() {
        return new ProtobufWireCodec<>(REQUEST, KServeMessages::toMessage,
                new RawContents<>(ModelInferRequest.RAW_INPUT_CONTENTS_FIELD_NUMBER,
                        ModelInferRequest::getRawInputContentsList,
                        message -> message.toBuilder().clearRawInputContents().build()),
                ModelInferRequest.parser(), KServeMessages::fromMessage);
    }

    static ProtobufWireCodec<InferenceResponse, ModelInferResponse> responses() {
        return new ProtobufWireCodec<>(RESPONSE, KServeMessages::toMessage,
                new RawContents<>(ModelInferResponse.RAW_OUTPUT_CONTENTS_FIELD_NUMBER,
                        ModelInferResponse::getRawOutputContentsList,
                        message -> message.toBuilder().clearRawOutputContents().build()),
                ModelInferResponse.parser(), KServeMessages::fromMessage);
    }

    /** Registers both codecs by name once per Vert.x instance. */
    static void register(Vertx vertx) {
        register(vertx, requests());
        register(vertx, responses());
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
        M message = toMessage.apply(object);
        int lengthAt = buffer.length();
        buffer.appendInt(0).appendBytes(raw.withoutThem().apply(message).toByteArray());
        for (ByteString content : raw.contents().apply(message)) {
            buffer.appendBytes(fieldHeader(raw.field(), content.size()));
            buffer.setBytes(buffer.length(), content.asReadOnlyByteBuffer().slice());
        }
        buffer.setInt(lengthAt, buffer.length() - lengthAt - 4);
    }

    /** A length-delimited field's tag and length, as protobuf writes them before its bytes. */
    private static byte[] fieldHeader(int field, int length) {
        byte[] header = new byte[CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(length)];
        CodedOutputStream out = CodedOutputStream.newInstance(header);
        try {
            out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(length);
        } catch (IOException e) {
            throw new IllegalStateException("writing into an array of the computed size cannot fail", e);
        }
        return header;
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        // a stream over bytes marked immutable: with aliasing, tensor contents are then slices of
        // the received frame (CodedInputStream.newInstance(ByteBuffer) would copy each of them)
        CodedInputStream input = UnsafeByteOperations.unsafeWrap(NettyBuffers.view(buffer, pos + 4, length))
                .newCodedInput();
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
