package io.infergate.testkit.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the generated models of {@code examples/model_repository}. Run it after changing a model
 * and commit the result; a test fails while the committed file and this generator disagree.
 */
public final class ExampleModels {
    /** The {@code simple} model's file, relative to the project root. */
    public static final Path SIMPLE = Path.of("examples", "model_repository", "simple", "1", "model.onnx");

    private ExampleModels() {}

    /** The {@code simple} model: add and subtract two INT32 [batch, 16] tensors. */
    public static byte[] simple() {
        return TestModels.addSub(ElemType.INT32, OnnxModelBuilder.SYMBOLIC, 16);
    }

    /** Writes the models under the project root given as the only argument, or the working directory. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "");
        Path file = root.resolve(SIMPLE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, simple());
        System.out.println("wrote " + file.toAbsolutePath().normalize());
    }
}
