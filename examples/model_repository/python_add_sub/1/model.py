import json

import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def initialize(self, args):
        config = json.loads(args["model_config"])
        self.out0_type = pb_utils.triton_string_to_datatype(
            pb_utils.get_output_config_by_name(config, "OUTPUT0")["data_type"])
        self.out1_type = pb_utils.triton_string_to_datatype(
            pb_utils.get_output_config_by_name(config, "OUTPUT1")["data_type"])

    def execute(self, requests):
        responses = []
        for request in requests:
            in0 = pb_utils.get_input_tensor_by_name(request, "INPUT0")
            in1 = pb_utils.get_input_tensor_by_name(request, "INPUT1")
            a = in0.as_memoryview()
            b = in1.as_memoryview()
            sums = [x + y for x, y in zip(a, b)]
            diffs = [x - y for x, y in zip(a, b)]
            responses.append(pb_utils.InferenceResponse(output_tensors=[
                pb_utils.Tensor.from_list("OUTPUT0", sums, self.out0_type, in0.shape()),
                pb_utils.Tensor.from_list("OUTPUT1", diffs, self.out1_type, in0.shape()),
            ]))
        return responses

    def finalize(self):
        pb_utils.Logger.log_info("python_add_sub: finalize")
