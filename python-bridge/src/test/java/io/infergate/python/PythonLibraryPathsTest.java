package io.infergate.python;

import static io.infergate.python.PythonEngine.TEXT_IO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.tensor.BytesElements;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PYTHON_LIBRARY_PATHS: models import shared code from a folder of the repository, and only from it. */
class PythonLibraryPathsTest {
    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(python.repository.resolve(".shared"));
        Files.writeString(python.repository.resolve(".shared/greeting.py"), "def greet(word):\n    return 'hello ' + word\n");
        Files.createDirectories(python.repository.resolve(".private"));
        Files.writeString(python.repository.resolve(".private/secret.txt"), "secret");
        python.model("greeter", TEXT_IO + """
                parameters { key: "PYTHON_LIBRARY_PATHS" value { string_value: ".shared" } }
                """, """
                import os
                import greeting
                import triton_python_backend_utils as pb_utils

                class TritonPythonModel:
                    def initialize(self, args):
                        self.repository = os.path.dirname(args["model_repository"])

                    def execute(self, requests):
                        word = pb_utils.get_input_tensor_by_name(requests[0], "IN").as_list()[0].decode()
                        try:
                            with open(os.path.join(self.repository, ".private", "secret.txt")) as f:
                                other = "read " + f.read()
                        except Exception as e:
                            other = "refused"
                        return [pb_utils.InferenceResponse(output_tensors=[
                            pb_utils.Tensor.from_list("OUT", [greeting.greet(word), other], "BYTES")])]
                """).load("greeter");
    }

    @Test
    void libraryFolderIsImportableAndOtherFoldersStayClosed() throws Exception {
        InferenceResponse response = python.infer("greeter", Map.of(), Tensors.strings("IN", "world"));
        assertArrayEquals(new String[] {"hello world", "refused"},
                BytesElements.toStrings(response.outputs().getFirst().bytes()));
    }

    @Test
    void relativePathLeavingTheRepositoryFailsTheLoad() throws Exception {
        python.model("escaper", TEXT_IO + """
                parameters { key: "PYTHON_LIBRARY_PATHS" value { string_value: "../outside" } }
                """, "class TritonPythonModel:\n    pass\n");
        String reason = python.loadFailure("escaper");
        assertTrue(reason.contains("leaves the model repository"), reason);
    }
}
