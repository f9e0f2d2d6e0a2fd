package io.infergate.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.tensor.BytesElements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a model's imports come from: the default environment (numpy), a model's own
 * EXECUTION_ENV_PATH as a folder or a .tar.gz, and the load error when a package is in neither.
 */
class PythonEnvironmentsTest {
    /** Answers the result of greeting.hello() from whatever module `greeting` it imports. */
    private static final String GREETING_MODEL = """
            import numpy as np
            import greeting
            import triton_python_backend_utils as pb_utils

            class TritonPythonModel:
                def execute(self, requests):
                    text = np.array([greeting.hello().encode()], dtype=np.object_)
                    return [pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("OUT", text)])]
            """;

    @TempDir
    static Path outside;
    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    /** A minimal virtual environment layout holding greeting.py. */
    private static Path environment(String name, String greeting) throws Exception {
        Path site = outside.resolve(name).resolve("lib/python3.12/site-packages");
        Files.createDirectories(site);
        Files.writeString(site.resolve("greeting.py"), "def hello():\n    return " + greeting + "\n");
        return outside.resolve(name);
    }

    private static String config(String env) {
        return PythonEngine.TEXT_IO + "parameters { key: \"EXECUTION_ENV_PATH\" value { string_value: \"" + env + "\" } }\n";
    }

    private static String greet(String model) throws Exception {
        python.load(model);
        return BytesElements.toStrings(python.infer(model, Map.of(), Tensors.strings("IN", "x")).outputs()
                .getFirst().bytes())[0];
    }

    @Test
    void modelImportsFromItsEnvironmentFolderAndNumpyFromTheDefault() throws Exception {
        Path env = environment("folder-env", "'from a folder'");
        python.model("folder_env", config(env.toString()), GREETING_MODEL);
        assertEquals("from a folder", greet("folder_env"));
    }

    @Test
    void modelImportsFromItsEnvironmentArchive() throws Exception {
        Path env = environment("packed-env", "'from an archive'");
        Path archive = outside.resolve("packed-env.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", env.toString(), ".").start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar failed");
        python.model("archive_env", config(archive.toString()), GREETING_MODEL);
        assertEquals("from an archive", greet("archive_env"));
    }

    @Test
    void missingPackageFailsTheLoadNamingWhereItLooked() throws Exception {
        Path env = environment("other-env", "'unused'");
        python.model("missing_package", config(env.toString()), "import not_a_real_package\n" + GREETING_MODEL);
        String reason = python.loadFailure("missing_package");
        assertTrue(reason.contains("No module named 'not_a_real_package'"), reason);
        assertTrue(reason.contains("its EXECUTION_ENV_PATH " + env), reason);
        assertTrue(reason.contains("the default environment "), reason);
    }

    @Test
    void numpyApiWithoutNumpyNamesTheAlternatives() throws Exception {
        // The model's own environment comes first, so its broken numpy hides the default one.
        Path env = environment("broken-numpy", "'unused'");
        Files.writeString(env.resolve("lib/python3.12/site-packages/numpy.py"), "raise ImportError('broken numpy')\n");
        python.model("without_numpy", config(env.toString()), """
                import json
                import triton_python_backend_utils as pb_utils

                class TritonPythonModel:
                    def execute(self, requests):
                        try:
                            pb_utils.get_input_tensor_by_name(requests[0], "IN").as_numpy()
                            message = "as_numpy worked"
                        except pb_utils.TritonModelException as e:
                            message = str(e)
                        return [pb_utils.InferenceResponse(output_tensors=[
                            pb_utils.Tensor.from_list("OUT", [message.encode()], "BYTES")])]
                """);
        python.load("without_numpy");
        String message = BytesElements.toStrings(python.infer("without_numpy", Map.of(), Tensors.strings("IN", "x"))
                .outputs().getFirst().bytes())[0];
        assertTrue(message.contains("numpy is not importable") && message.contains("scripts/python-env")
                && message.contains("as_list()") && message.contains("broken numpy"), message);
    }

    @Test
    void archiveClimbingOutOfItsFolderIsRefusedAndNothingIsWritten() throws Exception {
        Path env = environment("climbing-env", "'unused'");
        Path archive = outside.resolve("climbing-env.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "--transform", "s,^,../,", "-C",
                env.toString(), "lib").start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar failed");
        python.model("climbing_env", config(archive.toString()), GREETING_MODEL);
        String reason = python.loadFailure("climbing_env");
        assertTrue(reason.contains("refused: member '../lib/") && reason.contains("leaves the archive's folder"), reason);
    }

    @Test
    void fileThatIsNoArchiveFailsTheLoad() throws Exception {
        Path archive = Files.writeString(outside.resolve("garbage.tar.gz"), "this is not gzip");
        python.model("garbage_env", config(archive.toString()), GREETING_MODEL);
        String reason = python.loadFailure("garbage_env");
        assertTrue(reason.contains("cannot unpack") && reason.contains("not a readable .tar.gz"), reason);
    }

    @Test
    void missingEnvironmentFolderFailsTheLoad() throws Exception {
        python.model("absent_env", config(outside.resolve("absent").toString()), GREETING_MODEL);
        String reason = python.loadFailure("absent_env");
        assertTrue(reason.contains("is neither a folder nor a .tar.gz archive"), reason);
    }
}
