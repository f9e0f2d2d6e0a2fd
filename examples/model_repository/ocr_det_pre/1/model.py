"""ocr_ensemble's first step: IMAGE to ppocr_det's input (see ../config.pbtxt)."""

import ocr_steps
import ppocr
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            detection = ppocr.detection_input(ocr_steps.image(request))
            responses.append(pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("DET_INPUT", detection)]))
        return responses
