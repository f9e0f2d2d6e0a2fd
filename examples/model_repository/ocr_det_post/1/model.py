"""ocr_ensemble's middle step: text boxes to one ppocr_rec batch (see ../config.pbtxt)."""

import numpy as np
import ocr_steps
import ppocr
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            image = ocr_steps.image(request)
            lines = ocr_steps.text_lines(pb_utils.get_input_tensor_by_name(request, "PROBABILITY"), image)
            boxes = [box for line in lines for box in line]
            if len(boxes) > ocr_steps.REC_MAX_BATCH:
                raise pb_utils.TritonError("the image holds %d text boxes; ocr_ensemble reads at most %d "
                                           "(the ocr model reads any number)"
                                           % (len(boxes), ocr_steps.REC_MAX_BATCH),
                                           pb_utils.TritonError.INVALID_ARG)
            # Without boxes ppocr_rec still runs (steps cannot be skipped): one blank crop.
            crops = ppocr.recognition_input(image, boxes or [(0, 0, 1, 1)], ppocr.recognition_width(boxes))
            responses.append(pb_utils.InferenceResponse(output_tensors=[
                pb_utils.Tensor("REC_INPUT", crops),
                pb_utils.Tensor("LINE_SIZES", np.array([len(line) for line in lines], dtype=np.int32))]))
        return responses
