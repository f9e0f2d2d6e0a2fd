package io.infergate.python;

import java.io.IOException;
import org.graalvm.polyglot.io.ProcessHandler;

/**
 * Starts host processes for a model's context: any, where its policy allows processes; else only
 * {@code patchelf}, which GraalPy itself runs to give each context its own copy of a native
 * module (numpy). Everything else fails as the sandbox's refusal.
 */
final class SandboxProcessHandler implements ProcessHandler {
    private static final String PATCHELF = "patchelf";
    private final SandboxPolicy policy;

    SandboxProcessHandler(SandboxPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Process start(ProcessCommand command) throws IOException {
        String program = command.getCommand().isEmpty() ? "" : command.getCommand().getFirst();
        if (!policy.processes() && !program.substring(program.lastIndexOf('/') + 1).equals(PATCHELF)) {
            throw new SecurityException("the sandbox of this model does not allow starting processes (see the "
                    + SandboxPolicy.ALLOW_PROCESSES + " model parameter)");
        }
        ProcessBuilder builder = new ProcessBuilder(command.getCommand())
                .redirectErrorStream(command.isRedirectErrorStream())
                .redirectInput(redirect(command.getInputRedirect()))
                .redirectOutput(redirect(command.getOutputRedirect()))
                .redirectError(redirect(command.getErrorRedirect()));
        if (command.getDirectory() != null) {
            builder.directory(new java.io.File(command.getDirectory()));
        }
        builder.environment().clear();
        builder.environment().putAll(command.getEnvironment());
        return builder.start();
    }

    private static ProcessBuilder.Redirect redirect(Redirect redirect) {
        return redirect == Redirect.INHERIT ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE;
    }
}
