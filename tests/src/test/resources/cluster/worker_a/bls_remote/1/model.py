import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            values = pb_utils.get_input_tensor_by_name(request, "INPUT0")
            call = pb_utils.InferenceRequest(model_name="remote_identity", requested_output_names=["OUTPUT0"],
                                             inputs=[pb_utils.Tensor.from_list("INPUT0", values.as_list(), "FP32")])
            reply = call.exec()
            if reply.has_error():
                raise pb_utils.TritonModelException(reply.error().message())
            echoed = pb_utils.get_output_tensor_by_name(reply, "OUTPUT0").as_list()
            responses.append(pb_utils.InferenceResponse(output_tensors=[
                pb_utils.Tensor.from_list("OUTPUT0", echoed, "FP32")]))
        return responses
