package io.infergate.perf.client;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * KServe v2 inference over HTTP/1.1 keep-alive connections, one per request in flight. The body
 * is encoded once; only sequence requests, whose parameters change, are encoded per request.
 */
public final class HttpInferClient implements InferClient {
    private final HttpClient client;
    private final RequestOptions target;
    private final List<InputTensor> inputs;
    private final boolean binary;
    private final HttpInferBody fixedBody;

    /** @param path {@code /v2/models/m[/versions/v]/infer}, or any path of an echo server */
    public HttpInferClient(HttpClient client, String host, int port, String path, List<InputTensor> inputs,
            boolean binary) {
        this.client = client;
        this.target = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path);
        this.inputs = List.copyOf(inputs);
        this.binary = binary;
        this.fixedBody = HttpInferBody.encode(inputs, binary, SequenceStep.NONE);
    }

    @Override
    public Future<RequestTiming> infer(SequenceStep step) {
        HttpInferBody body = step.inSequence() ? HttpInferBody.encode(inputs, binary, step) : fixedBody;
        long start = System.nanoTime();
        long[] sent = new long[1];
        return client.request(target).compose(request -> {
            MultiMap headers = request.headers();
            headers.set("Content-Type", body.contentType());
            if (body.headerLength() >= 0) {
                headers.set("Inference-Header-Content-Length", Integer.toString(body.headerLength()));
            }
            // The reply handler is attached before the request leaves and asks for the body in
            // the same callback: a body arriving before body() is called would be lost.
            Future<RequestTiming> answered = request.response().compose(response -> {
                long headersAt = System.nanoTime();
                return response.body().compose(reply -> {
                    long end = System.nanoTime();
                    if (response.statusCode() != 200) {
                        return Future.failedFuture(HttpErrors.describe(response, reply));
                    }
                    long sendNs = (sent[0] == 0 ? headersAt : sent[0]) - start;
                    return Future.succeededFuture(new RequestTiming(sendNs, end - headersAt, end - start));
                });
            });
            // A fresh buffer per request: the transport may consume the one it is given.
            request.end(body.body().copy()).onSuccess(v -> sent[0] = System.nanoTime());
            return answered;
        });
    }

}
