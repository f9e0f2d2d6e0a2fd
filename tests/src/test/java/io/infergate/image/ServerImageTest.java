package io.infergate.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infergate.testsupport.Await;
import io.infergate.testsupport.ProjectPaths;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image that the gateway's "image" profile writes with Jib (scripts/test turns it on). Skipped
 * when the profile was off; failed when it was on and wrote no image.
 */
class ServerImageTest {
    private static final Path TARBALL = ProjectPaths.projectRoot().resolve("gateway/target/jib-image.tar");
    /** Compilers, package managers and shells: what an attacker inside the container could use. */
    private static final Set<String> TOOLS = Set.of("javac", "jar", "jlink", "jshell", "jdeps", "gcc", "cc", "ld",
            "make", "mvn", "apt", "apt-get", "dpkg", "pip", "sh", "bash", "dash", "busybox", "curl", "wget");

    @TempDir
    static Path unpacked;
    static ServerImage image;

    @BeforeAll
    static void openImage() {
        boolean built = !System.getProperty("infergate.image.base", "").isBlank();
        assumeTrue(built || Files.exists(TARBALL), "the image profile is off: scripts/test builds the image");
        assertTrue(Files.exists(TARBALL), "the image profile is on but wrote no " + TARBALL);
        image = ServerImage.open(TARBALL, unpacked);
    }

    @Test
    void entrypointRunsTheServerOnJava() {
        JsonArray entrypoint = image.config().getJsonArray("Entrypoint");
        assertEquals("java", entrypoint.getString(0), entrypoint.encode());
        assertTrue(entrypoint.contains("io.infergate.gateway.Main"), entrypoint.encode());
        assertTrue(entrypoint.contains("--enable-native-access=ALL-UNNAMED"), entrypoint.encode());
    }

    @Test
    void serverRunsAsTheNonRootUser10001() {
        assertEquals("10001", image.config().getString("User"));
    }

    @Test
    void imageExposesTheServersPorts() {
        JsonObject ports = image.config().getJsonObject("ExposedPorts");
        assertEquals(Set.of("8000/tcp", "8001/tcp", "8002/tcp", "5701/tcp"), ports.fieldNames());
    }

    @Test
    void baseJavaLibrariesAndServerAreSeparateLayers() {
        List<Path> layers = image.layers();
        assertTrue(layers.size() >= 4, "layers: " + layers.size());
        assertTrue(ServerImage.paths(layers.get(0)).contains("lib64/ld-linux-x86-64.so.2"), "the C runtime first");
        assertTrue(ServerImage.paths(layers.get(1)).contains("opt/java/bin/java"), "the Java runtime second");
        List<String> last = layers.subList(2, layers.size()).stream().flatMap(layer -> ServerImage.paths(layer).stream())
                .toList();
        assertTrue(last.stream().anyMatch(path -> path.matches("app/libs/onnxruntime-[0-9.]+\\.jar")), "libraries");
        assertTrue(last.contains("app/classes/io/infergate/gateway/Main.class"), "the server's classes");
    }

    @Test
    void imageHoldsNoCompilerPackageManagerOrShell() {
        List<String> found = image.layers().stream().flatMap(layer -> ServerImage.paths(layer).stream())
                .filter(path -> TOOLS.contains(path.substring(path.lastIndexOf('/') + 1)))
                .toList();
        assertEquals(List.of(), found);
    }

    @Test
    void serverInTheImageAnswersAnInferenceAsItsOwnUser(@TempDir Path rootfs) throws Exception {
        assumeTrue(ImageContainer.possible(), "running the image needs root (namespaces, chroot, device nodes)");
        image.unpackInto(rootfs);
        Path model = rootfs.resolve("models/simple");
        Files.createDirectories(model.resolve("1"));
        Path simple = ProjectPaths.tritonExamples().resolve("simple");
        Files.copy(simple.resolve("config.pbtxt"), model.resolve("config.pbtxt"));
        Files.copy(simple.resolve("1/model.onnx"), model.resolve("1/model.onnx"));
        try (ImageContainer container = ImageContainer.start(rootfs, image.config(), List.of(
                "--model-repository=/models", "--http-address=127.0.0.1", "--http-port=0",
                "--grpc-address=127.0.0.1", "--grpc-port=0", "--metrics-port=0"))) {
            URI server = URI.create("http://127.0.0.1:" + container.httpPort(180));
            HttpClient client = HttpClient.newHttpClient();
            Await.eventually("simple ready in the image", Duration.ofMinutes(2),
                    () -> get(client, server.resolve("/v2/models/simple/ready")).statusCode() == 200);
            String body = """
                    {"inputs": [
                      {"name": "INPUT0", "datatype": "INT32", "shape": [1, 16], "data": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]},
                      {"name": "INPUT1", "datatype": "INT32", "shape": [1, 16], "data": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}]}""";
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(server.resolve("/v2/models/simple/infer"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body() + "\n" + container.output());
            JsonObject sum = new JsonObject(answer.body()).getJsonArray("outputs").stream().map(JsonObject.class::cast)
                    .filter(output -> output.getString("name").equals("OUTPUT0")).findFirst().orElseThrow();
            assertEquals(new JsonArray(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)),
                    sum.getJsonArray("data"));
        }
    }

    private static HttpResponse<Void> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
    }
}
