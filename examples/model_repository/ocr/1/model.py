"""OCR as one Python model calling ppocr_det and ppocr_rec through BLS (see ../config.pbtxt)."""

import ocr_steps
import ppocr
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def initialize(self, args):
        self.charset = ocr_steps.load_charset(args)

    def execute(self, requests):
        return [ocr_steps.text_response(self.read(request)) for request in requests]

    def read(self, request):
        image = ocr_steps.image(request)
        detection = pb_utils.Tensor(ocr_steps.DET_INPUT, ppocr.detection_input(image))
        probability = ocr_steps.infer(ocr_steps.DET_MODEL, detection, ocr_steps.DET_OUTPUT)
        lines = ocr_steps.text_lines(probability, image)
        boxes = [box for line in lines for box in line]
        # One width for every chunk, so each crop sees the padding it gets in ocr_ensemble's single batch.
        batch_width = ppocr.recognition_width(boxes)
        decoded = []
        for start in range(0, len(boxes), ocr_steps.REC_MAX_BATCH):
            crops = ppocr.recognition_input(image, boxes[start:start + ocr_steps.REC_MAX_BATCH], batch_width)
            recognition = ocr_steps.infer(ocr_steps.REC_MODEL, pb_utils.Tensor(ocr_steps.REC_INPUT, crops),
                                          ocr_steps.REC_OUTPUT)
            decoded += ocr_steps.decode(recognition, self.charset)
        return ppocr.line_texts(decoded, [len(line) for line in lines])
