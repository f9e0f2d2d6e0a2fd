package io.infergate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.testkit.image.OcrModels;
import io.infergate.testkit.image.TextImage;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OCR examples on the real PP-OCRv4 models: the Python BLS model {@code ocr} and the
 * {@code ocr_ensemble} pipeline read text rendered with Java2D, line by line, top to bottom.
 */
class OcrPipelineTest {
    private static final List<String> LINES = List.of("HELLO WORLD", "INFERGATE 2026", "Pipelines in Python");

    private static RunningServer server;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.exists(ProjectPaths.examples().resolve("ppocr_det/1/model.onnx"))
                && Files.exists(ProjectPaths.examples().resolve("ppocr_rec/1/model.onnx"))
                && Files.exists(ProjectPaths.examples().resolve("ppocr_rec/ppocr_keys_v1.txt")),
                "PP-OCR models not fetched: run scripts/fetch-models (scripts/test does)");
        server = RunningServer.start(ProjectPaths.examples(), ModelControlMode.EXPLICIT, OcrModels.ALL);
        // The first images run the Python code interpreted while GraalPy compiles it: minutes on
        // a busy machine, so they get a longer wait than the requests the tests time.
        TextImage warmUp = TextImage.render("WARM UP");
        for (String model : List.of("ocr", "ocr_ensemble")) {
            for (int i = 0; i < 2; i++) {
                server.postBinary("/v2/models/" + model + "/infer", warmUp.inferHeader().length(), warmUp.inferBody(),
                        Duration.ofMinutes(5));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<Buffer> read(String model, TextImage image) {
        return server.postBinary("/v2/models/" + model + "/infer", image.inferHeader().length(), image.inferBody());
    }

    private static List<String> text(String model, TextImage image) {
        HttpResponse<Buffer> response = read(model, image);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonObject output = response.bodyAsJsonObject().getJsonArray("outputs").getJsonObject(0);
        assertEquals("TEXT", output.getString("name"));
        return output.getJsonArray("data").stream().map(line -> ((String) line).strip().toUpperCase(Locale.ROOT))
                .toList();
    }

    private static List<String> upperCase(List<String> lines) {
        return lines.stream().map(line -> line.toUpperCase(Locale.ROOT)).toList();
    }

    @Test
    void blsModelReadsTheLinesTopToBottom() {
        assertEquals(upperCase(LINES), text("ocr", TextImage.render(LINES.toArray(String[]::new))));
    }

    @Test
    void ensembleGivesTheSameTextAsTheBlsModel() {
        TextImage image = TextImage.render("OPEN SOURCE", "42 MODELS");
        assertEquals(text("ocr", image), text("ocr_ensemble", image));
    }

    @Test
    void blankImageHasNoLines() {
        TextImage blank = TextImage.render("");
        assertEquals(List.of(), text("ocr", blank));
        assertEquals(List.of(), text("ocr_ensemble", blank));
    }

    @Test
    void emptyImageIsRefused() {
        JsonObject body = new JsonObject().put("inputs", new JsonArray().add(new JsonObject().put("name", "IMAGE")
                .put("datatype", "UINT8").put("shape", new JsonArray().add(0).add(8).add(3))
                .put("data", new JsonArray())));
        for (String model : List.of("ocr", "ocr_ensemble")) {
            HttpResponse<Buffer> response = server.postJson("/v2/models/" + model + "/infer", body);
            assertEquals(400, response.statusCode(), response.bodyAsString());
            assertTrue(response.bodyAsString().contains("IMAGE is empty"), response.bodyAsString());
        }
    }

    @Test
    void imageWithoutThreeChannelsIsRefused() {
        JsonObject body = new JsonObject().put("inputs", new JsonArray().add(new JsonObject().put("name", "IMAGE")
                .put("datatype", "UINT8").put("shape", new JsonArray().add(1).add(2).add(4))
                .put("data", new JsonArray(List.of(0, 0, 0, 0, 0, 0, 0, 0)))));
        HttpResponse<Buffer> response = server.postJson("/v2/models/ocr/infer", body);
        assertEquals(400, response.statusCode(), response.bodyAsString());
    }
}
