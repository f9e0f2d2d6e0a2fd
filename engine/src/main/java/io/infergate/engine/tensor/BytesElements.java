package io.infergate.engine.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Triton's serialization of BYTES tensors: each element is a 4-byte little-endian length followed
 * by that many bytes, elements back to back.
 */
public final class BytesElements {
    private BytesElements() {
    }

    /**
     * Counts the elements in a serialized BYTES buffer, checking that every length prefix stays
     * inside it. Throws {@link IllegalArgumentException} on a prefix that runs past the end.
     */
    public static long count(ByteBuffer data) {
        ByteBuffer view = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long count = 0;
        while (view.hasRemaining()) {
            if (view.remaining() < 4) {
                throw new IllegalArgumentException("BYTES element " + count + " has a truncated length prefix");
            }
            long length = Integer.toUnsignedLong(view.getInt());
            if (length > view.remaining()) {
                throw new IllegalArgumentException("BYTES element " + count + " declares " + length
                        + " bytes but only " + view.remaining() + " remain");
            }
            view.position(view.position() + (int) length);
            count++;
        }
        return count;
    }

    /** Splits a serialized, already validated BYTES buffer into its elements (views, no copy). */
    public static List<ByteBuffer> split(ByteBuffer data) {
        ByteBuffer view = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        List<ByteBuffer> elements = new ArrayList<>();
        while (view.hasRemaining()) {
            int length = view.getInt();
            ByteBuffer element = view.slice(view.position(), length);
            elements.add(element);
            view.position(view.position() + length);
        }
        return elements;
    }

    /** Decodes every element as UTF-8 text. */
    public static String[] toStrings(ByteBuffer data) {
        List<ByteBuffer> elements = split(data);
        String[] strings = new String[elements.size()];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = StandardCharsets.UTF_8.decode(elements.get(i)).toString();
        }
        return strings;
    }

    /**
     * Decodes every element as UTF-8 text, refusing elements that are not valid UTF-8 instead of
     * silently replacing their bytes (for consumers, like ONNX string tensors, that hold text).
     *
     * @throws IllegalArgumentException naming the first element that is not UTF-8
     */
    public static String[] toStrictStrings(ByteBuffer data) {
        List<ByteBuffer> elements = split(data);
        String[] strings = new String[elements.size()];
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < strings.length; i++) {
            try {
                strings[i] = decoder.decode(elements.get(i)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("BYTES element " + i + " is not valid UTF-8");
            }
        }
        return strings;
    }

    /** Serializes byte arrays with their length prefixes. */
    public static ByteBuffer serialize(List<byte[]> elements) {
        long total = 0;
        for (byte[] element : elements) {
            total += 4L + element.length;
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] element : elements) {
            out.putInt(element.length).put(element);
        }
        return out.flip();
    }

    /** Serializes strings as UTF-8 with their length prefixes. */
    public static ByteBuffer fromStrings(String... strings) {
        List<byte[]> elements = new ArrayList<>(strings.length);
        for (String s : strings) {
            elements.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return serialize(elements);
    }
}
