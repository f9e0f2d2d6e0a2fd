"""ocr_ensemble's middle step: text boxes to one ppocr_rec batch (see ../config.pbtxt)."""

import ocr_steps
import ppocr
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            rgb, height, width = ocr_steps.image(request)
            probability = pb_utils.get_input_tensor_by_name(request, "PROBABILITY")
            lines = ocr_steps.text_lines(probability, height, width)
            boxes = [box for line in lines for box in line]
            if len(boxes) > ocr_steps.REC_MAX_BATCH:
                raise pb_utils.TritonError("the image holds %d text boxes; ocr_ensemble reads at most %d "
                                           "(the ocr model reads any number)"
                                           % (len(boxes), ocr_steps.REC_MAX_BATCH),
                                           pb_utils.TritonError.INVALID_ARG)
            # Without boxes ppocr_rec still runs (steps cannot be skipped): one blank crop.
            crops = ocr_steps.recognition_tensor("REC_INPUT", rgb, width, boxes or [(0, 0, 1, 1)],
                                                 ppocr.recognition_width(boxes))
            responses.append(pb_utils.InferenceResponse(output_tensors=[
                crops,
                pb_utils.Tensor.from_list("LINE_SIZES", [len(line) for line in lines], "INT32",
                                          [len(lines)])]))
        return responses
