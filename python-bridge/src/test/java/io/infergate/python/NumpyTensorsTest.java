package io.infergate.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.tensor.BytesElements;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tensors as numpy arrays, in the default Python environment that scripts/python-env builds:
 * every dtype both ways, BYTES as np.object_, non-contiguous arrays, DLPack, Triton's BYTES
 * (de)serializers, and the errors a model gets for what numpy cannot carry.
 */
class NumpyTensorsTest {
    /** Every numeric datatype, which the echo model takes as optional inputs IN_<type>. */
    private static final List<DataType> NUMERIC = Arrays.stream(DataType.values())
            .filter(type -> type != DataType.BYTES && type != DataType.BF16).toList();

    /** A model that echoes every input through as_numpy() and Tensor(name, ndarray). */
    private static final String ECHO = """
            import numpy as np
            import triton_python_backend_utils as pb_utils

            class TritonPythonModel:
                def execute(self, requests):
                    outputs = []
                    for tensor in requests[0].inputs():
                        outputs.append(pb_utils.Tensor("OUT_" + tensor.name(), tensor.as_numpy()))
                    return [pb_utils.InferenceResponse(output_tensors=outputs)]
            """;

    /** A model that runs one numpy scenario, chosen by its IN word, and answers JSON in OUT. */
    private static final String SCENARIOS = """
            import json
            import numpy as np
            import triton_python_backend_utils as pb_utils

            def refused(action):
                try:
                    action()
                    return "accepted"
                except pb_utils.TritonModelException as e:
                    return "refused " + str(e)

            def scenario(word):
                if word == "transposed":
                    array = np.arange(6, dtype=np.int32).reshape(2, 3).T
                    t = pb_utils.Tensor("T", array)
                    return {"shape": t.shape(), "values": t.as_numpy().reshape(-1).tolist()}
                if word == "big_endian":
                    t = pb_utils.Tensor("T", np.array([1.5, -2.0], dtype=">f8"))
                    return {"values": t.as_numpy().tolist(), "raw": t.as_bytes().hex()}
                if word == "strings":
                    kinds = [np.array(["ab", "ü"]), np.array([b"ab", b"c"]), np.array([b"x", "y"], dtype=np.object_)]
                    return {"values": [[e.decode() for e in pb_utils.Tensor("S", k).as_numpy().tolist()]
                                       for k in kinds],
                            "dtype": str(pb_utils.Tensor("S", kinds[0]).as_numpy().dtype)}
                if word == "dlpack":
                    t = pb_utils.Tensor("T", np.array([[1, 2], [3, 4]], dtype=np.float32))
                    back = pb_utils.Tensor.from_dlpack("B", t.to_dlpack())
                    again = pb_utils.Tensor.from_dlpack("C", np.array([7, 8], dtype=np.int64))
                    return {"back": back.as_numpy().tolist(), "datatype": back.datatype(),
                            "again": again.as_numpy().tolist()}
                if word == "serialize":
                    encoded = pb_utils.serialize_byte_tensor(np.array([b"ab", b"", b"xyz"], dtype=np.object_))
                    decoded = pb_utils.deserialize_bytes_tensor(encoded)
                    return {"encoded": encoded.hex(), "decoded": [e.decode() for e in decoded.tolist()],
                            "dtype": str(decoded.dtype)}
                if word == "errors":
                    corrupt = pb_utils.Tensor.from_bytes("C", b"\\x05\\x00\\x00\\x00ab", "BYTES", [1])
                    return {"corrupt": refused(lambda: corrupt.as_numpy()),
                            "complex": refused(lambda: pb_utils.Tensor("X", np.array([1 + 2j]))),
                            "list": refused(lambda: pb_utils.Tensor("X", [1.0, 2.0])),
                            "bf16": refused(lambda: pb_utils.Tensor.from_list("H", [1.0], "BF16").as_numpy()),
                            "unknown_type": refused(lambda: pb_utils.triton_string_to_numpy("TYPE_NOPE"))}
                return {"unknown": word}

            class TritonPythonModel:
                def execute(self, requests):
                    word = pb_utils.get_input_tensor_by_name(requests[0], "IN").as_numpy()[0].decode()
                    answer = np.array([json.dumps(scenario(word)).encode()], dtype=np.object_)
                    return [pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("OUT", answer)])]
            """;

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        python.model("echo", echoConfig(), ECHO).load("echo");
        python.model("scenarios", PythonEngine.TEXT_IO, SCENARIOS).load("scenarios");
    }

    private static String echoConfig() {
        StringBuilder config = new StringBuilder("backend: \"python\"\n");
        for (DataType type : Stream.concat(NUMERIC.stream(), Stream.of(DataType.BYTES)).toList()) {
            String tensor = "{ name: \"%s_" + type.name() + "\", data_type: TYPE_" + (type == DataType.BYTES ? "STRING" : type.name())
                    + ", dims: [ -1, -1 ]%s }";
            config.append("input [ ").append(tensor.formatted("IN", ", optional: true")).append(" ]\n");
            config.append("output [ ").append(tensor.formatted("OUT_IN", "")).append(" ]\n");
        }
        return config.toString();
    }

    /** The echo model's answer for one input: only its output is asked for. */
    private static Tensor echo(Tensor input) throws Exception {
        return python.infer(new InferenceRequest("", "echo", "", List.of(input),
                List.of(RequestedOutput.named("OUT_" + input.name())), Map.of())).outputs().getFirst();
    }

    private static JsonObject scenario(String word) throws Exception {
        InferenceResponse response = python.infer("scenarios", Map.of(), Tensors.strings("IN", word));
        return new JsonObject(BytesElements.toStrings(response.outputs().getFirst().bytes())[0]);
    }

    @Test
    void everyNumericDatatypeCrossesBothWaysUnchanged() throws Exception {
        for (DataType type : NUMERIC) {
            byte[] bytes = new byte[type.byteSize() * 6];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (type == DataType.BOOL ? i % 2 : i * 37 + 1);
            }
            Tensor input = new Tensor("IN_" + type.name(), type, new long[] {2, 3}, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
            Tensor output = echo(input);
            assertEquals(type, output.dataType(), type.name());
            assertArrayEquals(new long[] {2, 3}, output.shape(), type.name());
            byte[] back = new byte[bytes.length];
            output.bytes().get(back);
            assertArrayEquals(bytes, back, type.name());
        }
    }

    @Test
    void bytesTensorBecomesAnObjectArrayOfBytes() throws Exception {
        Tensor strings = Tensors.strings("IN_BYTES", "a", "", "wörld");
        Tensor output = echo(new Tensor(strings.name(), DataType.BYTES, new long[] {1, 3}, strings.data()));
        assertArrayEquals(new String[] {"a", "", "wörld"}, BytesElements.toStrings(output.bytes()));
        assertEquals("object", scenario("strings").getString("dtype"));
    }

    @Test
    void nonContiguousArrayIsMadeContiguous() throws Exception {
        JsonObject seen = scenario("transposed");
        assertEquals("[3,2]", seen.getJsonArray("shape").encode());
        assertEquals("[0,3,1,4,2,5]", seen.getJsonArray("values").encode());
    }

    @Test
    void bigEndianArrayIsStoredLittleEndian() throws Exception {
        JsonObject seen = scenario("big_endian");
        assertEquals("[1.5,-2.0]", seen.getJsonArray("values").encode());
        assertEquals("000000000000f83f00000000000000c0", seen.getString("raw"));
    }

    @Test
    void unicodeBytesAndObjectArraysBecomeBytesTensors() throws Exception {
        assertEquals("[[\"ab\",\"ü\"],[\"ab\",\"c\"],[\"x\",\"y\"]]", scenario("strings").getJsonArray("values").encode());
    }

    @Test
    void dlpackRoundTripsCpuTensors() throws Exception {
        JsonObject seen = scenario("dlpack");
        assertEquals("[[1.0,2.0],[3.0,4.0]]", seen.getJsonArray("back").encode());
        assertEquals("FP32", seen.getString("datatype"));
        assertEquals("[7,8]", seen.getJsonArray("again").encode());
    }

    @Test
    void serializeAndDeserializeFollowTritonsBytesLayout() throws Exception {
        JsonObject seen = scenario("serialize");
        assertEquals("020000006162000000000300000078797a", seen.getString("encoded"));
        assertEquals("[\"ab\",\"\",\"xyz\"]", seen.getJsonArray("decoded").encode());
        assertEquals("object", seen.getString("dtype"));
    }

    @Test
    void whatNumpyCannotCarryIsRefusedWithTheReason() throws Exception {
        JsonObject seen = scenario("errors");
        assertTrue(seen.getString("corrupt").contains("element 0 claims 5 bytes but only 2 remain"), seen.encode());
        assertTrue(seen.getString("complex").contains("complex128 has no Triton datatype"), seen.encode());
        assertTrue(seen.getString("list").contains("takes a numpy array; got list"), seen.encode());
        assertTrue(seen.getString("bf16").contains("numpy has no bfloat16"), seen.encode());
        assertTrue(seen.getString("unknown_type").contains("unknown datatype 'TYPE_NOPE'"), seen.encode());
    }
}
