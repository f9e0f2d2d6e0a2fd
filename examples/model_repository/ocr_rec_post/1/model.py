"""ocr_ensemble's last step: ppocr_rec's output to TEXT lines (see ../config.pbtxt)."""

import ocr_steps
import ppocr
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def initialize(self, args):
        self.charset = ocr_steps.load_charset(args)

    def execute(self, requests):
        responses = []
        for request in requests:
            decoded = ocr_steps.decode(pb_utils.get_input_tensor_by_name(request, "PROBABILITY"), self.charset)
            line_sizes = pb_utils.get_input_tensor_by_name(request, "LINE_SIZES").as_numpy().tolist()
            responses.append(ocr_steps.text_response(ppocr.line_texts(decoded, line_sizes)))
        return responses
