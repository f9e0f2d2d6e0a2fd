"""The pb_utils side of OCR: tensors in and out of the functions of ppocr.py, shared by the `ocr`
BLS model and the Python steps of `ocr_ensemble`, so both give the same answer."""

import json
import os

import numpy as np
import ppocr
import triton_python_backend_utils as pb_utils

DET_MODEL, DET_INPUT, DET_OUTPUT = "ppocr_det", "x", "sigmoid_0.tmp_0"
REC_MODEL, REC_INPUT, REC_OUTPUT = "ppocr_rec", "x", "softmax_11.tmp_0"
# ppocr_rec's max_batch_size: the most crops one rec request may hold.
REC_MAX_BATCH = 16


def load_charset(args):
    """The CTC classes named by the model parameter CHARACTER_LIST (a file relative to the
    model repository, which the model's SANDBOX_READ_PATHS must cover)."""
    config = json.loads(args["model_config"])
    relative = config["parameters"]["CHARACTER_LIST"]["string_value"]
    repository = os.path.dirname(args["model_repository"])
    return ppocr.load_charset(os.path.join(repository, relative))


def image(request):
    """The request's IMAGE, an RGB uint8 array [height, width, 3]."""
    pixels = pb_utils.get_input_tensor_by_name(request, "IMAGE").as_numpy()
    height, width, _ = pixels.shape
    if height == 0 or width == 0:
        raise pb_utils.TritonError("IMAGE is empty (%d x %d pixels)" % (height, width),
                                   pb_utils.TritonError.INVALID_ARG)
    return pixels


def text_lines(probability, image):
    """The text boxes of an image found in ppocr_det's output tensor [1, 1, h, w], grouped into
    lines in reading order."""
    probability = probability.as_numpy()
    height, width, _ = image.shape
    return ppocr.reading_order(ppocr.text_boxes(probability.reshape(probability.shape[-2:]), height, width))


def decode(probabilities, charset):
    """(text, score) per item of a ppocr_rec output tensor."""
    return ppocr.ctc_decode(probabilities.as_numpy(), charset)


def text_response(texts):
    return pb_utils.InferenceResponse(output_tensors=[
        pb_utils.Tensor("TEXT", np.array([t.encode("utf-8") for t in texts], dtype=np.object_))])


def infer(model, tensor, output):
    """Runs one model through BLS and returns its output tensor; its error becomes ours."""
    response = pb_utils.InferenceRequest(model_name=model, inputs=[tensor],
                                         requested_output_names=[output]).exec()
    if response.has_error():
        raise pb_utils.TritonError("%s: %s" % (model, response.error().message()), response.error().code())
    return pb_utils.get_output_tensor_by_name(response, output)
