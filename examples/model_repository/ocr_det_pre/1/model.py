"""ocr_ensemble's first step: IMAGE to ppocr_det's input (see ../config.pbtxt)."""

import ocr_steps
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            tensor = ocr_steps.detection_tensor("DET_INPUT", *ocr_steps.image(request))
            responses.append(pb_utils.InferenceResponse(output_tensors=[tensor]))
        return responses
