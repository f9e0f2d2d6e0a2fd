import numpy as np
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    """Triton's string identity model: BYTES in, the same strings out, as an np.object_ array."""

    def execute(self, requests):
        responses = []
        for request in requests:
            strings = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            out = pb_utils.Tensor("OUTPUT0", strings.astype(np.object_))
            responses.append(pb_utils.InferenceResponse(output_tensors=[out]))
        return responses
