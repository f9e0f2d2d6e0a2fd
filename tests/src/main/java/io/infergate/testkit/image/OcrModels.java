package io.infergate.testkit.image;

import java.util.List;

/**
 * The models of examples/model_repository the OCR examples need, composing models before the
 * ensemble: explicit model control mode loads no composing model by itself.
 */
public final class OcrModels {
    public static final List<String> ALL = List.of("ppocr_det", "ppocr_rec", "ocr", "ocr_det_pre", "ocr_det_post",
            "ocr_rec_post", "ocr_ensemble");

    private OcrModels() {
    }
}
