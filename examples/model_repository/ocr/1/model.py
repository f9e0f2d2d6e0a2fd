"""OCR as one Python model calling ppocr_det and ppocr_rec through BLS (see ../config.pbtxt)."""

import ocr_steps
import ppocr


class TritonPythonModel:
    def initialize(self, args):
        self.charset = ocr_steps.load_charset(args)

    def execute(self, requests):
        return [ocr_steps.text_response(self.read(request)) for request in requests]

    def read(self, request):
        rgb, height, width = ocr_steps.image(request)
        detection = ocr_steps.detection_tensor(ocr_steps.DET_INPUT, rgb, height, width)
        probability = ocr_steps.infer(ocr_steps.DET_MODEL, detection, ocr_steps.DET_OUTPUT)
        lines = ocr_steps.text_lines(probability, height, width)
        boxes = [box for line in lines for box in line]
        # One width for every chunk, so each crop sees the padding it gets in ocr_ensemble's single batch.
        batch_width = ppocr.recognition_width(boxes)
        decoded = []
        for start in range(0, len(boxes), ocr_steps.REC_MAX_BATCH):
            chunk = boxes[start:start + ocr_steps.REC_MAX_BATCH]
            crops = ocr_steps.recognition_tensor(ocr_steps.REC_INPUT, rgb, width, chunk, batch_width)
            recognition = ocr_steps.infer(ocr_steps.REC_MODEL, crops, ocr_steps.REC_OUTPUT)
            decoded += ocr_steps.decode(recognition, self.charset)
        return ppocr.line_texts(decoded, [len(line) for line in lines])
