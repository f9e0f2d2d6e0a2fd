"""PP-OCRv4 pre- and post-processing in pure Python (GraalPy has no numpy here), shared by the
`ocr` BLS model and the Python steps of `ocr_ensemble` (they import it through the model
parameter PYTHON_LIBRARY_PATHS).

Images are RGB uint8 bytes in HWC order; model tensors are little-endian float32 bytes. The hot
paths are plain loops over memoryviews: GraalPy's JIT compiles those to a few nanoseconds per
element, faster than its bulk helpers (bytes.join over map, tolist) that CPython would favour.
"""

import math

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

# The det and rec models were trained on BGR images (PaddleOCR reads with OpenCV), so the planes
# go in B, G, R order: these are the RGB channel offsets in that order.
_BGR = (2, 1, 0)


def _normalised(scale, offset):
    """Per byte value v, v * scale + offset."""
    return [v * scale + offset for v in range(256)]


# PaddleOCR's det normalisation, (v / 255 - mean) / std, with mean and std given for B, G, R.
_DET_TABLES = [_normalised(1 / (255 * std), -mean / std)
               for mean, std in ((0.485, 0.229), (0.456, 0.224), (0.406, 0.225))]
# Rec normalisation to [-1, 1]: (v / 255 - 0.5) / 0.5.
_REC_TABLES = [_normalised(2 / 255, -1.0)] * 3


def load_charset(path):
    """The CTC classes of ppocr_rec: blank (0), the lines of ppocr_keys_v1.txt, then a space."""
    with open(path, encoding="utf-8") as keys:
        return ["<blank>"] + [line.rstrip("\r\n") for line in keys] + [" "]


def _source_indices(count, source_size, start=0):
    """Nearest-neighbour sampling: for each of `count` output positions, its source index."""
    scale = source_size / count
    last = source_size - 1
    return [start + min(last, int((i + 0.5) * scale)) for i in range(count)]


def _planes(image, width, rows, cols, tables, padded_width):
    """Samples image rows x cols into normalised float32 planes in B, G, R order (CHW), each
    row right-padded with zeros to padded_width. Returns a bytearray."""
    stride = width * 3
    out = bytearray(4 * 3 * len(rows) * padded_width)
    view = memoryview(out).cast("f")
    position = 0
    for channel, table in zip(_BGR, tables):
        offsets = [x * 3 + channel for x in cols]
        for y in rows:
            base = y * stride
            o = position
            for offset in offsets:
                view[o] = table[image[base + offset]]
                o += 1
            position += padded_width
    return out


def detection_input(image, height, width):
    """The ppocr_det input for an RGB image: scaled so the longer side is at most
    DET_LIMIT_SIDE, both sides rounded to multiples of 32, normalised.

    Returns (float32 bytes of shape [1, 3, h, w], h, w).
    """
    scale = min(1.0, DET_LIMIT_SIDE / max(height, width))
    h = max(32, int(round(height * scale / 32)) * 32)
    w = max(32, int(round(width * scale / 32)) * 32)
    data = _planes(image, width, _source_indices(h, height), _source_indices(w, width), _DET_TABLES, w)
    return data, h, w


def _row_runs(prob, h, w):
    """Per row, the (start, end) column ranges where the probability reaches DET_THRESHOLD."""
    threshold = DET_THRESHOLD
    rows = []
    for y in range(h):
        base = y * w
        runs = []
        x = 0
        while x < w:
            if prob[base + x] >= threshold:
                start = x
                x += 1
                while x < w and prob[base + x] >= threshold:
                    x += 1
                runs.append((start, x))
            x += 1
        rows.append(runs)
    return rows


def _components(prob, h, w):
    """8-connected components of the text pixels as bounding boxes (x0, y0, x1, y1), end-exclusive:
    runs of each row are joined with the overlapping runs of the row above (union-find)."""
    parent = []
    boxes = []

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    above = []  # (start, end, run id) of the previous row
    for y, runs in enumerate(_row_runs(prob, h, w)):
        current = []
        j = 0
        for start, end in runs:
            run = len(parent)
            parent.append(run)
            boxes.append([start, y, end, y + 1])
            # Runs above that touch [start - 1, end + 1): skip those ending before, join the rest.
            while j < len(above) and above[j][1] < start:
                j += 1
            k = j
            while k < len(above) and above[k][0] <= end:
                a, b = root(above[k][2]), root(run)
                if a != b:
                    parent[b] = a
                k += 1
            current.append((start, end, run))
        above = current
    merged = {}
    for run, box in enumerate(boxes):
        r = root(run)
        if r in merged:
            m = merged[r]
            m[0] = min(m[0], box[0])
            m[1] = min(m[1], box[1])
            m[2] = max(m[2], box[2])
            m[3] = max(m[3], box[3])
        else:
            merged[r] = box
    return list(merged.values())


def _mean_probability(prob, w, box):
    x0, y0, x1, y1 = box
    total = 0.0
    for y in range(y0, y1):
        for i in range(y * w + x0, y * w + x1):
            total += prob[i]
    return total / ((x1 - x0) * (y1 - y0))


def text_boxes(prob, h, w, height, width):
    """Text boxes from the ppocr_det probability map (float32 bytes [h, w]) in image
    coordinates (x0, y0, x1, y1), as DB post-processing does for axis-aligned text: threshold,
    components, box score filter, then each box grown by area * ratio / perimeter."""
    prob = memoryview(prob).cast("f")
    boxes = []
    for box in _components(prob, h, w):
        x0, y0, x1, y1 = box
        bw, bh = x1 - x0, y1 - y0
        if min(bw, bh) < DET_MIN_SIZE or _mean_probability(prob, w, box) < DET_BOX_THRESHOLD:
            continue
        grow = bw * bh * DET_UNCLIP_RATIO / (2 * (bw + bh))
        if min(bw, bh) + 2 * grow < DET_MIN_SIZE + 2:
            continue
        sx, sy = width / w, height / h
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


def recognition_input(image, width, boxes, batch_width):
    """The ppocr_rec input for the boxes: each crop scaled to height REC_HEIGHT keeping its
    aspect, normalised to [-1, 1] and right-padded with zeros to batch_width.

    Returns float32 bytes of shape [len(boxes), 3, REC_HEIGHT, batch_width].
    """
    crops = bytearray()
    for box in boxes:
        x0, y0, x1, y1 = box
        crop_width = min(batch_width, _crop_width(box))
        crops += _planes(image, width, _source_indices(REC_HEIGHT, y1 - y0, y0),
                         _source_indices(crop_width, x1 - x0, x0), _REC_TABLES, batch_width)
    return crops


def ctc_decode(probs, count, steps, charset):
    """Greedy CTC decoding of ppocr_rec's output (float32 bytes [count, steps, classes]):
    per step the most likely class, repeats collapsed, blanks dropped.

    Returns (text, mean probability of its characters) per item."""
    classes = len(charset)
    view = memoryview(probs).cast("f")
    if len(view) != count * steps * classes:
        raise ValueError("rec output holds %d values, expected %d x %d x %d"
                         % (len(view), count, steps, classes))
    results = []
    for item in range(count):
        chars = []
        total = 0.0
        previous = 0
        base = item * steps * classes
        for step in range(steps):
            start = base + step * classes
            index, best = 0, view[start]
            for k in range(1, classes):
                if view[start + k] > best:
                    index, best = k, view[start + k]
            if index != 0 and index != previous:
                chars.append(charset[index])
                total += best
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
