"""PP-OCRv4 pre- and post-processing with numpy, shared by the `ocr` BLS model and the Python
steps of `ocr_ensemble` (they import it through the model parameter PYTHON_LIBRARY_PATHS).

Written as PaddleOCR's own pre- and post-processing is (tools/infer, ppocr/data/imaug,
ppocr/postprocess), without OpenCV: images are RGB uint8 arrays [height, width, 3], model
tensors float32 arrays. On GraalPy each numpy call crosses into native code at a fixed cost, so
the code works on whole arrays (the image, the probability map, a crop, the rec output) and keeps
Python loops for what is counted in runs and boxes, never in pixels.
"""

import math

import numpy as np

# PaddleOCR's defaults for PP-OCRv4 (tools/infer/utility.py).
DET_LIMIT_SIDE = 960
DET_THRESHOLD = 0.3
DET_BOX_THRESHOLD = 0.6
DET_UNCLIP_RATIO = 1.5
DET_MIN_SIZE = 3
REC_HEIGHT = 48
REC_MIN_WIDTH = 320
# Bounds the rec input of a very flat box (a hostile image could ask for any width); wider
# crops are squeezed to it.
REC_MAX_WIDTH = 3200
REC_DROP_SCORE = 0.5

# PaddleOCR's det normalisation, (v / 255 - mean) / std, folded into v * scale + offset; mean and
# std are given for B, G, R, the channel order the models were trained on (PaddleOCR reads
# images with OpenCV).
_DET_MEAN = np.array([0.485, 0.456, 0.406])
_DET_STD = np.array([0.229, 0.224, 0.225])
_DET_SCALE = (1 / (255 * _DET_STD)).astype(np.float32).reshape(3, 1, 1)
_DET_OFFSET = (-_DET_MEAN / _DET_STD).astype(np.float32).reshape(3, 1, 1)
# Rec normalisation to [-1, 1]: (v / 255 - 0.5) / 0.5.
_REC_SCALE = np.float32(2 / 255)
_REC_OFFSET = np.float32(-1)


def load_charset(path):
    """The CTC classes of ppocr_rec: blank (0), the lines of ppocr_keys_v1.txt, then a space."""
    with open(path, encoding="utf-8") as keys:
        return ["<blank>"] + [line.rstrip("\r\n") for line in keys] + [" "]


def _source_indices(count, source_size, start=0):
    """Nearest-neighbour sampling: for each of `count` output positions, its source index."""
    scaled = ((np.arange(count) + 0.5) * (source_size / count)).astype(np.intp)
    return start + np.minimum(scaled, source_size - 1)


def _resized(image, rows, cols):
    """The image's pixels at rows x cols (nearest-neighbour resize), uint8 [rows, cols, 3]. Two
    gathers along one axis each: numpy copies whole rows, then pixels, several times faster than
    one gather by both index arrays (image[rows[:, None], cols])."""
    return image.take(rows, axis=0).take(cols, axis=1)


def _normalise(pixels, scale, offset, out):
    """Writes RGB uint8 pixels [h, w, 3] into out, float32 [3, h, w], as planes in B, G, R order
    (CHW), each value v * scale + offset. The planes are laid out while they are still bytes, so
    the float arithmetic runs over contiguous arrays, in place."""
    planes = np.ascontiguousarray(pixels.transpose(2, 0, 1)[::-1])
    np.multiply(planes, scale, out=out)
    out += offset


def detection_input(image):
    """The ppocr_det input for an RGB image: scaled so the longer side is at most
    DET_LIMIT_SIDE, both sides rounded to multiples of 32, normalised; float32 [1, 3, h, w]."""
    height, width = image.shape[:2]
    scale = min(1.0, DET_LIMIT_SIDE / max(height, width))
    h = max(32, int(round(height * scale / 32)) * 32)
    w = max(32, int(round(width * scale / 32)) * 32)
    batch = np.empty((1, 3, h, w), np.float32)
    _normalise(_resized(image, _source_indices(h, height), _source_indices(w, width)), _DET_SCALE, _DET_OFFSET,
               batch[0])
    return batch


def _row_runs(mask):
    """The runs of True in each row of a boolean mask, in row-major order, as three lists: row,
    start column, end column (exclusive). Each row is padded with False on both sides, so its
    changes come in pairs: a run's start, then its end."""
    rows, columns = np.nonzero(np.diff(mask, axis=1, prepend=False, append=False))
    return rows[::2].tolist(), columns[::2].tolist(), columns[1::2].tolist()


def _components(mask):
    """8-connected components of a boolean mask as bounding boxes (x0, y0, x1, y1), end-exclusive:
    runs of each row are joined with the overlapping runs of the row above (union-find)."""
    rows, starts, ends = _row_runs(mask)
    parent = list(range(len(rows)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    above, above_end = 0, 0  # the runs of the row above: [above, above_end)
    row_start = 0  # the first run of the current row
    j = 0
    for run, y in enumerate(rows):
        if run == 0 or y != rows[run - 1]:
            above, above_end = (row_start, run) if run > 0 and rows[run - 1] == y - 1 else (run, run)
            row_start = run
            j = above
        start, end = starts[run], ends[run]
        # Runs above that touch [start - 1, end + 1): skip those ending before, join the rest.
        while j < above_end and ends[j] < start:
            j += 1
        k = j
        while k < above_end and starts[k] <= end:
            a, b = root(k), root(run)
            if a != b:
                parent[b] = a
            k += 1
    boxes = {}
    for run, y in enumerate(rows):
        r = root(run)
        box = boxes.get(r)
        if box is None:
            boxes[r] = [starts[run], y, ends[run], y + 1]
        else:
            # Runs come row by row, so the first one gave the top row and this one the bottom.
            box[0] = min(box[0], starts[run])
            box[2] = max(box[2], ends[run])
            box[3] = y + 1
    return list(boxes.values())


def text_boxes(probability, height, width):
    """Text boxes from the ppocr_det probability map (float32 [h, w]) in image coordinates
    (x0, y0, x1, y1), as DB post-processing does for axis-aligned text: threshold, components,
    box score filter, then each box grown by area * ratio / perimeter."""
    h, w = probability.shape
    sx, sy = width / w, height / h
    boxes = []
    for x0, y0, x1, y1 in _components(probability >= DET_THRESHOLD):
        bw, bh = x1 - x0, y1 - y0
        if min(bw, bh) < DET_MIN_SIZE or probability[y0:y1, x0:x1].mean(dtype=np.float64) < DET_BOX_THRESHOLD:
            continue
        grow = bw * bh * DET_UNCLIP_RATIO / (2 * (bw + bh))
        if min(bw, bh) + 2 * grow < DET_MIN_SIZE + 2:
            continue
        boxes.append((max(0, int(round((x0 - grow) * sx))), max(0, int(round((y0 - grow) * sy))),
                      min(width, int(round((x1 + grow) * sx))), min(height, int(round((y1 + grow) * sy)))))
    return [box for box in boxes if box[2] > box[0] and box[3] > box[1]]


def reading_order(boxes):
    """Groups boxes into lines, top to bottom, each line's boxes left to right: a box belongs
    to the line above when its vertical centre lies inside that line's first box."""
    lines = []
    for box in sorted(boxes, key=lambda b: (b[1] + b[3], b[0])):
        centre = (box[1] + box[3]) / 2
        if lines and lines[-1][0][1] <= centre < lines[-1][0][3]:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line) for line in lines]


def _crop_width(box):
    x0, y0, x1, y1 = box
    return min(REC_MAX_WIDTH, max(1, math.ceil(REC_HEIGHT * (x1 - x0) / (y1 - y0))))


def recognition_width(boxes):
    """The batch width of the rec input: the widest resized crop, at least REC_MIN_WIDTH."""
    return max([REC_MIN_WIDTH] + [_crop_width(box) for box in boxes])


def recognition_input(image, boxes, batch_width):
    """The ppocr_rec input for the boxes of an RGB image: each crop scaled to height REC_HEIGHT
    keeping its aspect, normalised to [-1, 1] and right-padded with zeros to batch_width;
    float32 [len(boxes), 3, REC_HEIGHT, batch_width]."""
    batch = np.zeros((len(boxes), 3, REC_HEIGHT, batch_width), np.float32)
    for crop, (x0, y0, x1, y1) in zip(batch, boxes):
        crop_width = min(batch_width, _crop_width((x0, y0, x1, y1)))
        pixels = _resized(image, _source_indices(REC_HEIGHT, y1 - y0, y0), _source_indices(crop_width, x1 - x0, x0))
        _normalise(pixels, _REC_SCALE, _REC_OFFSET, crop[:, :, :crop_width])
    return batch


def ctc_decode(probabilities, charset):
    """Greedy CTC decoding of ppocr_rec's output (float32 [count, steps, classes]): per step the
    most likely class, repeats collapsed, blanks dropped.

    Returns (text, mean probability of its characters) per item."""
    if probabilities.ndim != 3 or probabilities.shape[2] != len(charset):
        raise ValueError("rec output has shape %s, expected [count, steps, %d]"
                         % (list(probabilities.shape), len(charset)))
    best = probabilities.argmax(axis=2)
    scores = np.take_along_axis(probabilities, best[:, :, None], axis=2)
    results = []
    for indices, item_scores in zip(best.tolist(), scores.reshape(best.shape).tolist()):
        chars = []
        total = 0.0
        previous = 0
        for index, score in zip(indices, item_scores):
            if index != 0 and index != previous:
                chars.append(charset[index])
                total += score
            previous = index
        results.append(("".join(chars), total / len(chars) if chars else 0.0))
    return results


def line_texts(decoded, line_sizes):
    """Joins the decoded boxes of each line with spaces, dropping boxes PaddleOCR would drop
    (mean probability below REC_DROP_SCORE) and lines left empty."""
    texts = []
    position = 0
    for size in line_sizes:
        words = [text.strip() for text, score in decoded[position:position + size]
                 if score >= REC_DROP_SCORE and text.strip()]
        position += size
        if words:
            texts.append(" ".join(words))
    return texts
