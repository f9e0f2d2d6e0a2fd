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
    /** The {@code simple_sub_add} model's file, relative to the project root. */
    public static final Path SIMPLE_SUB_ADD = Path.of("examples", "model_repository", "simple_sub_add", "1",
            "model.onnx");

    private ExampleModels() {}

    /** The {@code simple} model: add and subtract two INT32 [batch, 16] tensors. */
    public static byte[] simple() {
        return TestModels.addSub(ElemType.INT32, OnnxModelBuilder.SYMBOLIC, 16);
    }

    /** {@code simple} the other way round: OUTPUT0 = INPUT0 - INPUT1, OUTPUT1 = INPUT0 + INPUT1 (the BLS example's second model). */
    public static byte[] simpleSubAdd() {
        String[] operands = {"INPUT0", "INPUT1"};
        long[] dims = {OnnxModelBuilder.SYMBOLIC, 16};
        return new OnnxModelBuilder("sub_add")
                .input("INPUT0", ElemType.INT32, dims)
                .input("INPUT1", ElemType.INT32, dims)
                .output("OUTPUT0", ElemType.INT32, dims)
                .output("OUTPUT1", ElemType.INT32, dims)
                .node("Sub", operands, new String[] {"OUTPUT0"})
                .node("Add", operands, new String[] {"OUTPUT1"})
                .build();
    }

    /** Writes the models under the project root given as the only argument, or the working directory. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "");
        write(root.resolve(SIMPLE), simple());
        write(root.resolve(SIMPLE_SUB_ADD), simpleSubAdd());
    }

    private static void write(Path file, byte[] model) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, model);
        System.out.println("wrote " + file.toAbsolutePath().normalize());
    }
}
