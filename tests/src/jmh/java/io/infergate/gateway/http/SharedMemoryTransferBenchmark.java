package io.infergate.gateway.http;

import io.infergate.gateway.config.ServerOptions;
import io.infergate.gateway.server.InfergateServer;
import io.infergate.jmh.MicroBenchmark;
import io.infergate.testsupport.ShmObject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One FP32 tensor (16 MiB by default) through the built-in identity backend over HTTP, three ways
 * in the same run against the same in-process server (started from flags, on a free port, with
 * --allow-client-shm=true), from a Vert.x web client over loopback:
 * <ul>
 * <li>{@code sharedMemory}: the input read from one registered /dev/shm region and the output
 *     written into another; request and response are a few hundred bytes of JSON. The client's
 *     input is in its region already and its output is left there (as perf_analyzer measures
 *     shared memory);</li>
 * <li>{@code binaryTensors}: the binary tensor extension, the tensor's bytes on the socket each way;</li>
 * <li>{@code json}: the tensor as a JSON array each way.</li>
 * </ul>
 * The client sends prebuilt bodies and checks the status (and for binary the length) of each
 * answer, without decoding tensors. Run from the repository root: scripts/jmh SharedMemoryTransferBenchmark.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SharedMemoryTransferBenchmark extends MicroBenchmark {
    /** FP32 elements: 4 Mi is 16 MiB. */
    @Param({"4194304"})
    public int elements;

    private Path repository;
    private InfergateServer server;
    private Vertx vertx;
    private WebClient client;
    private ShmObject input;
    private ShmObject output;
    private Buffer sharedMemoryBody;
    private Buffer binaryBody;
    private int binaryHeaderLength;
    private Buffer jsonBody;

    @Setup
    public void setUp() throws Exception {
        repository = Files.createTempDirectory("shm-bench");
        Path model = Files.createDirectories(repository.resolve("identity_fp32").resolve("1"));
        Files.writeString(model.getParent().resolve("config.pbtxt"), """
                backend: "identity"
                max_batch_size: 0
                input [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_FP32 dims: [ -1 ] } ]
                """);
        server = join(InfergateServer.start(ServerOptions.fromArgs("--model-repository=" + repository,
                "--http-port=0", "--http-address=127.0.0.1", "--allow-grpc=false", "--allow-metrics=false",
                "--http-max-input-size=" + (256L << 20), "--allow-client-shm=true")));
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.httpPort()));

        int bytes = elements * Float.BYTES;
        ByteBuffer data = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        JsonArray values = new JsonArray();
        for (int i = 0; i < elements; i++) {
            // exact in binary and short in decimal (such as 127.875), so JSON pays for its count, not its digits
            float value = (i % 1024) * 0.125f;
            data.putFloat(value);
            values.add(value);
        }
        input = ShmObject.create("bench-input", bytes).write(0, data.flip());
        output = ShmObject.create("bench-output", bytes);
        register("input", input.key(), bytes);
        register("output", output.key(), bytes);

        sharedMemoryBody = new JsonObject()
                .put("inputs", new JsonArray().add(tensor().put("parameters", region("input", bytes))))
                .put("outputs", new JsonArray().add(new JsonObject().put("name", "OUTPUT0")
                        .put("parameters", region("output", bytes))))
                .toBuffer();
        Buffer header = new JsonObject()
                .put("inputs", new JsonArray().add(tensor().put("parameters",
                        new JsonObject().put("binary_data_size", bytes))))
                .put("outputs", new JsonArray().add(new JsonObject().put("name", "OUTPUT0")
                        .put("parameters", new JsonObject().put("binary_data", true))))
                .toBuffer();
        binaryHeaderLength = header.length();
        binaryBody = header.copy().appendBytes(data.array());
        jsonBody = new JsonObject().put("inputs", new JsonArray().add(tensor().put("data", values))).toBuffer();
    }

    private JsonObject tensor() {
        return new JsonObject().put("name", "INPUT0").put("datatype", "FP32").put("shape", new JsonArray().add(elements));
    }

    private static JsonObject region(String name, int bytes) {
        return new JsonObject().put("shared_memory_region", name).put("shared_memory_byte_size", bytes);
    }

    private void register(String name, String key, int bytes) throws Exception {
        check(join(client.post("/v2/systemsharedmemory/region/" + name + "/register")
                .sendJsonObject(new JsonObject().put("key", key).put("offset", 0).put("byte_size", bytes))));
    }

    @Benchmark
    public int sharedMemory() throws Exception {
        return check(join(client.post("/v2/models/identity_fp32/infer").sendBuffer(sharedMemoryBody)));
    }

    @Benchmark
    public int binaryTensors() throws Exception {
        HttpResponse<Buffer> response = join(client.post("/v2/models/identity_fp32/infer")
                .putHeader("Inference-Header-Content-Length", Integer.toString(binaryHeaderLength))
                .sendBuffer(binaryBody));
        check(response);
        int jsonLength = Integer.parseInt(response.getHeader("Inference-Header-Content-Length"));
        if (response.body().length() - jsonLength != elements * Float.BYTES) {
            throw new IllegalStateException("binary output of " + (response.body().length() - jsonLength) + " bytes");
        }
        return response.body().length();
    }

    @Benchmark
    public int json() throws Exception {
        return check(join(client.post("/v2/models/identity_fp32/infer").sendBuffer(jsonBody)));
    }

    private static int check(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.bodyAsString());
        }
        return response.statusCode();
    }

    @TearDown
    public void tearDown() throws Exception {
        client.close();
        join(vertx.close());
        join(server.close());
        input.close();
        output.close();
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static <T> T join(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    }
}
