import threading
import time

import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        for request in requests:
            values = pb_utils.get_input_tensor_by_name(request, "IN").as_list()
            delays = pb_utils.get_input_tensor_by_name(request, "DELAY").as_list()
            sender = request.get_response_sender()
            # execute returns at once; the thread answers later, as Triton's decoupled models may.
            threading.Thread(target=self._repeat, args=(sender, values, delays)).start()
        return None

    def _repeat(self, sender, values, delays):
        for index, (value, delay) in enumerate(zip(values, delays)):
            time.sleep(delay / 1000.0)
            sender.send(pb_utils.InferenceResponse(output_tensors=[
                pb_utils.Tensor.from_list("OUT", [value], "INT32"),
                pb_utils.Tensor.from_list("IDX", [index], "UINT32"),
            ]))
        sender.send(flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
