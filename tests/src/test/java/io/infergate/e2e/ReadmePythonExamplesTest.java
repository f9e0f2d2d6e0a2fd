package io.infergate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infergate.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's Python client examples run as written against examples/model_repository: every
 * {@code python} block of README.md that imports tritonclient is run in the environment of
 * scripts/client-env, with only TRITON_HTTP_URL and TRITON_GRPC_URL pointing at a server on free
 * ports, and must print what the {@code text} block after it shows.
 */
class ReadmePythonExamplesTest {
    private static final Pattern FENCED = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```$", Pattern.DOTALL);
    /** Only the models the examples call: the others of the repository are not needed to run them. */
    @RegisterExtension
    static final ClientPythonServer SERVER = ClientPythonServer.projectExamples(List.of("simple", "identity"));

    @ParameterizedTest(name = "README.md line {0}")
    @MethodSource("readmeExamples")
    void tritonclientExamplePrintsWhatTheReadmeShows(int line, String code, String expectedOutput) throws Exception {
        Map<String, String> serverAddresses = Map.of("TRITON_HTTP_URL", SERVER.httpTarget(),
                "TRITON_GRPC_URL", SERVER.grpcTarget());
        assertEquals(expectedOutput, ClientPython.run(serverAddresses, List.of("-c", code)));
    }

    /** Each tritonclient python block (its line and code) with the text block that follows it. */
    static Stream<Arguments> readmeExamples() throws IOException {
        String readme = Files.readString(ProjectPaths.projectRoot().resolve("README.md"));
        List<Arguments> examples = new ArrayList<>();
        Matcher block = FENCED.matcher(readme);
        while (block.find()) {
            if (!block.group(1).equals("python") || !block.group(2).contains("import tritonclient")) {
                continue;
            }
            int line = lineOf(readme, block.start());
            String code = block.group(2);
            if (!block.find() || !block.group(1).equals("text")) {
                throw new IllegalStateException("README.md line " + line + ": a tritonclient example must be"
                        + " followed by a ```text block with what it prints");
            }
            examples.add(Arguments.of(line, code, block.group(2)));
        }
        if (examples.isEmpty()) {
            throw new IllegalStateException("README.md has no python block that imports tritonclient");
        }
        return examples.stream();
    }

    private static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).lines().count() + 1;
    }
}
