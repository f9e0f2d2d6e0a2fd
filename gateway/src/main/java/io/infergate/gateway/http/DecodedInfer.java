package io.infergate.gateway.http;

import io.infergate.engine.api.InferenceRequest;

/** A decoded inference request and how its response should be encoded. */
record DecodedInfer(InferenceRequest request, OutputFormat format) {
}
