package io.infergate.python;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.InferenceResponse;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.HostAccess;

/** One answer to a BLS request as Python reads it: output tensors and parameters, or an error message and code. */
public final class BlsReply {
    private final List<HostTensor> tensors;
    private final Map<String, Object> parameters;
    private final InferenceException error;

    private BlsReply(List<HostTensor> tensors, Map<String, Object> parameters, InferenceException error) {
        this.tensors = tensors;
        this.parameters = parameters;
        this.error = error;
    }

    static BlsReply of(InferenceResponse response) {
        return new BlsReply(PythonTensors.toPython(response.outputs()), response.parameters(), null);
    }

    static BlsReply failed(Throwable failure) {
        return new BlsReply(List.of(), Map.of(), InferenceException.of(failure));
    }

    @HostAccess.Export
    public List<HostTensor> tensors() {
        return tensors;
    }

    /** The response's parameters as a JSON object. */
    @HostAccess.Export
    public String parametersJson() {
        return new JsonObject(parameters).encode();
    }

    /** The error's message, or null when the request succeeded. */
    @HostAccess.Export
    public String errorMessage() {
        return error == null ? null : error.getMessage();
    }

    /** The error as a pb_utils.TritonError code. */
    @HostAccess.Export
    public int errorCode() {
        return error == null ? 0 : PythonErrors.code(error.status());
    }
}
