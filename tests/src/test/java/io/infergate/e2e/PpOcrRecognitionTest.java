package io.infergate.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.infergate.engine.EngineOptions.ModelControlMode;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real PP-OCRv4 recognizer through the server equals ONNX Runtime called directly, bit for bit. */
class PpOcrRecognitionTest {
    private static final long[] SHAPE = {1, 3, 48, 320};
    private static final String OUTPUT = "softmax_11.tmp_0";

    private static RunningServer server;

    @BeforeAll
    static void start() {
        ProjectPaths.fetchedModel("ppocr_rec");
        // Only the model under test: the repository also holds Python models that take long to load.
        server = RunningServer.start(ProjectPaths.examples(), ModelControlMode.EXPLICIT, List.of("ppocr_rec"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static float[] image() {
        Random random = new Random(42);
        float[] pixels = new float[3 * 48 * 320];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat() * 2 - 1;
        }
        return pixels;
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }

    private static byte[] direct(float[] pixels) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
            try (OrtSession session = env.createSession(ProjectPaths.fetchedModel("ppocr_rec").toString(), options);
                    OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), SHAPE);
                    OrtSession.Result result = session.run(Map.of("x", input))) {
                ByteBuffer out = ((OnnxTensor) result.get(OUTPUT).orElseThrow()).getByteBuffer();
                byte[] bytes = new byte[out.remaining()];
                out.order(ByteOrder.LITTLE_ENDIAN).get(bytes);
                return bytes;
            }
        }
    }

    @Test
    void binaryHttpOutputIsBitIdenticalToOnnxRuntime() throws Exception {
        float[] pixels = image();
        byte[] tensor = littleEndian(pixels);
        JsonObject header = new JsonObject()
                .put("inputs", new JsonArray().add(new JsonObject().put("name", "x").put("datatype", "FP32")
                        .put("shape", new JsonArray().add(1).add(3).add(48).add(320))
                        .put("parameters", new JsonObject().put("binary_data_size", tensor.length))))
                .put("outputs", new JsonArray().add(new JsonObject().put("name", OUTPUT)
                        .put("parameters", new JsonObject().put("binary_data", true))));
        Buffer headerBytes = header.toBuffer();
        HttpResponse<Buffer> response = server.postBinary("/v2/models/ppocr_rec/infer", headerBytes.length(),
                Buffer.buffer().appendBuffer(headerBytes).appendBytes(tensor));
        assertEquals(200, response.statusCode(), response.bodyAsString());

        int jsonLength = Integer.parseInt(response.getHeader("Inference-Header-Content-Length"));
        JsonObject json = new JsonObject(response.body().getBuffer(0, jsonLength));
        JsonObject output = json.getJsonArray("outputs").getJsonObject(0);
        assertEquals(OUTPUT, output.getString("name"));
        byte[] served = response.body().getBytes(jsonLength, response.body().length());
        assertEquals(output.getJsonObject("parameters").getInteger("binary_data_size"), served.length);
        assertArrayEquals(direct(pixels), served);
    }
}
