package io.infergate.testkit.onnx;

/** The ONNX models our suites serve, as model file bytes. */
public final class TestModels {
    private TestModels() {}

    /**
     * Triton's {@code simple} model: OUTPUT0 = INPUT0 + INPUT1 and OUTPUT1 = INPUT0 - INPUT1,
     * all four of {@code type} and {@code dims}. Add and Sub (opset 13) have CPU kernels for
     * FLOAT, DOUBLE, INT32 and INT64 only.
     */
    public static byte[] addSub(ElemType type, long... dims) {
        String[] operands = {"INPUT0", "INPUT1"};
        return new OnnxModelBuilder("add_sub")
                .input("INPUT0", type, dims)
                .input("INPUT1", type, dims)
                .output("OUTPUT0", type, dims)
                .output("OUTPUT1", type, dims)
                .node("Add", operands, new String[] {"OUTPUT0"})
                .node("Sub", operands, new String[] {"OUTPUT1"})
                .build();
    }

    /** One Identity node from {@code input} to {@code output}. */
    public static byte[] identity(String input, String output, ElemType type, long... dims) {
        return new OnnxModelBuilder("identity")
                .input(input, type, dims)
                .output(output, type, dims)
                .node("Identity", new String[] {input}, new String[] {output})
                .build();
    }

    /** Identity from INPUT0 to OUTPUT0, the names Triton's identity test models use. */
    public static byte[] identity(ElemType type, long... dims) {
        return identity("INPUT0", "OUTPUT0", type, dims);
    }
}
