package io.infergate.gateway.http;

import static io.infergate.engine.api.InferenceException.invalid;

import io.vertx.core.buffer.Buffer;

/**
 * An inference body split by the binary tensor data extension: the JSON header (the
 * {@code Inference-Header-Content-Length} first bytes, or all of it without that header), and the
 * binary tail holding the tensors. A header length of 0 marks Triton's raw-binary request, whose
 * whole body is the single input's data.
 *
 * @param json the JSON header (empty for a raw request)
 * @param tail the bytes after it
 * @param raw  whether this is a raw-binary request
 */
record BinaryBody(Buffer json, Buffer tail, boolean raw) {
    static final String HEADER = "Inference-Header-Content-Length";

    static BinaryBody split(String headerLength, Buffer body) {
        if (headerLength == null) {
            return new BinaryBody(body, Buffer.buffer(), false);
        }
        String value = headerLength.trim();
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(HEADER + " must be a non-negative integer, got '" + headerLength + "'");
        }
        long length;
        try {
            length = Long.parseLong(value);
        } catch (NumberFormatException e) {
            length = Long.MAX_VALUE;
        }
        if (length > Integer.MAX_VALUE) {
            throw invalid(HEADER + " " + value + " is out of range");
        }
        if (length > body.length()) {
            throw invalid(HEADER + " " + length + " is larger than the request body of " + body.length() + " bytes");
        }
        if (length == 0) {
            return new BinaryBody(Buffer.buffer(), body, true);
        }
        return new BinaryBody(body.slice(0, (int) length), body.slice((int) length, body.length()), false);
    }
}
