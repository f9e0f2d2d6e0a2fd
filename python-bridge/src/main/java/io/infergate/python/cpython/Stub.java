package io.infergate.python.cpython;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.tensor.Tensor;
import io.infergate.python.HostRequest;
import io.infergate.python.InitializeArgs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One stub process running one model instance: its control socket, its shared regions, a thread
 * that reads the socket (handling log messages, BLS requests and decoupled responses at once,
 * handing on the answers to this side's messages) and one that logs what it prints. Used by one
 * thread at a time; a failure leaves it stopped and released.
 */
final class Stub implements AutoCloseable {
    /** No limit on how long a request may run. */
    static final long NO_LIMIT = Long.MAX_VALUE;
    /** How long loading model.py and initialize() may take. */
    private static final long START_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final long FINALIZE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long EXIT_WAIT_MILLIS = 2000;

    private final String modelName;
    private final Process process;
    private final ControlChannel control;
    private final SharedRegion region;
    private final StreamedResponses responses;
    private final BlsCalls calls;
    private final StubOutput output;
    private final System.Logger log;
    private final BlockingQueue<Incoming> incoming = new LinkedBlockingQueue<>();
    private long lastId;

    private Stub(String modelName, Process process, ControlChannel control, SharedRegion region,
            StreamedResponses responses, BlsCalls calls, StubOutput output, System.Logger log) {
        this.modelName = modelName;
        this.process = process;
        this.control = control;
        this.region = region;
        this.responses = responses;
        this.calls = calls;
        this.output = output;
        this.log = log;
    }

    /**
     * Starts a stub and initializes the model in it. The regions' names are unlinked before this
     * returns or throws, and the socket's folder removed. A stub gets a second region for the
     * inputs of its {@link BlsCalls}, a decoupled model's a third for its {@link StreamedResponses}.
     *
     * @throws StubFailure when the stub cannot start, model.py or initialize() raises, or the stub dies first
     */
    static Stub start(ModelSpec spec, int instanceIndex, Interpreter interpreter) throws StubFailure {
        String name = spec.name();
        System.Logger log = System.getLogger("io.infergate.python.model." + name);
        SharedRegion region = null;
        SharedRegion blsRegion = null;
        StreamedResponses responses = null;
        Path socketDir = null;
        Process process = null;
        try {
            Path script = StubFiles.script();
            region = SharedRegion.create();
            blsRegion = SharedRegion.create();
            if (spec.config().getModelTransactionPolicy().getDecoupled()) {
                responses = new StreamedResponses(SharedRegion.create());
            }
            socketDir = Files.createTempDirectory("infergate-cpython-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path socketPath = socketDir.resolve("control");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socketPath));
                process = new ProcessBuilder(interpreter.command(), "-u", script.toString(), socketPath.toString())
                        .redirectErrorStream(true).start();
                StubOutput output = StubOutput.drain(process.getInputStream(), log,
                        "infergate-cpython-output-" + name + "-" + instanceIndex);
                long deadline = System.nanoTime() + START_LIMIT_NANOS;
                SocketChannel socket = accept(server, process, deadline);
                ControlChannel control = new ControlChannel(socket);
                Stub stub = new Stub(name, process, control, region, responses,
                        new BlsCalls(name, spec.engine(), blsRegion, control), output, log);
                Thread.ofVirtual().name("infergate-cpython-control-" + name + "-" + instanceIndex).start(stub::read);
                return stub.initialize(spec, instanceIndex, interpreter, deadline);
            }
        } catch (IOException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            if (region != null) {
                quietly(region::close);
            }
            if (blsRegion != null) {
                quietly(blsRegion::close);
            }
            if (responses != null) {
                quietly(responses::close);
            }
            throw new StubFailure(Status.UNAVAILABLE, "model '" + name + "': cannot start its CPython stub: "
                    + e.getMessage());
        } finally {
            if (region != null) {
                quietly(region::unlink);
            }
            if (blsRegion != null) {
                quietly(blsRegion::unlink);
            }
            if (responses != null) {
                quietly(responses.region()::unlink);
            }
            if (socketDir != null) {
                Path folder = socketDir;
                quietly(() -> {
                    Files.deleteIfExists(folder.resolve("control"));
                    Files.deleteIfExists(folder);
                });
            }
        }
    }

    private Stub initialize(ModelSpec spec, int instanceIndex, Interpreter interpreter, long deadline)
            throws StubFailure {
        JsonObject init = new JsonObject().put("op", "init").put("id", 0).put("region", region.pathForStub())
                .put("bls_region", calls.region().pathForStub())
                .put("model_name", modelName).put("model_file", spec.modelFile().toString())
                .put("version_dir", spec.versionDir().toString())
                .put("missing_module_hint", "install the package into " + interpreter.environment()
                        + ", the CPython environment of this model (docs/python-models.md)")
                .put("args", new JsonArray(InitializeArgs.initializeArgs(spec, instanceIndex)));
        if (responses != null) {
            init.put("responses_region", responses.region().pathForStub());
        }
        send(init, "while starting");
        StubMessage reply = await(0, deadline - System.nanoTime(), "loading model.py and initialize() ran past "
                + TimeUnit.NANOSECONDS.toSeconds(START_LIMIT_NANOS) + " s", "while starting");
        try {
            switch (reply.op()) {
                case "ready" -> {
                    return this;
                }
                case "error" -> {
                    String traceback = reply.text("message");
                    kill();
                    throw new StubFailure(Status.UNAVAILABLE, "model '" + modelName
                            + "' failed to initialize on CPython:\n" + traceback);
                }
                default -> throw new ProtocolViolation("a '" + reply.op() + "' message in answer to init");
            }
        } catch (ProtocolViolation e) {
            throw violation(e.getMessage());
        }
    }

    /** Waits for the stub to connect, as long as it runs and the deadline allows. */
    private static SocketChannel accept(ServerSocketChannel server, Process process, long deadline)
            throws IOException {
        server.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            server.register(selector, SelectionKey.OP_ACCEPT);
            while (true) {
                SocketChannel socket = server.accept();
                if (socket != null) {
                    socket.configureBlocking(true);
                    return socket;
                }
                if (!process.isAlive()) {
                    throw new IOException("it " + describeExit(process.exitValue()) + " before connecting");
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new IOException("it did not connect within "
                            + TimeUnit.NANOSECONDS.toSeconds(START_LIMIT_NANOS) + " s");
                }
                selector.select(100);
            }
        }
    }

    /**
     * The control socket's reader: log messages are logged here, BLS requests started, a decoupled
     * model's responses handed to their requests (each acknowledged), answers handed on. A stub answers each message
     * once, so an answer while another still waits to be taken is a violation: what a stub can
     * make this side hold is one message. When the stream ends, requests still streaming fail.
     */
    private void read() {
        Incoming.Ended end;
        try {
            for (StubMessage message; (message = control.receive()) != null; ) {
                if ("log".equals(message.op())) {
                    log.log(logLevel(message.whole("level")), message.text("message"));
                } else if ("infer".equals(message.op())) {
                    calls.start(message);
                    control.send(new JsonObject().put("op", "infer_read").put("id", message.id()));
                } else if (responses != null && StreamedResponses.isResponse(message.op())) {
                    responses.accept(message);
                    control.send(new JsonObject().put("op", "ack").put("id", message.id()));
                } else if (!incoming.isEmpty()) {
                    throw new ProtocolViolation("a '" + message.op() + "' message nobody asked for");
                } else {
                    incoming.add(message);
                }
            }
            end = new Incoming.Ended(null);
        } catch (ProtocolViolation e) {
            end = new Incoming.Ended(e.getMessage());
        } catch (IOException e) {
            end = new Incoming.Ended(null);
        } catch (RuntimeException e) {
            end = new Incoming.Ended("a message this side failed on: " + e);
        }
        incoming.add(end);
        if (responses != null) {
            try {
                responses.failAll(Status.UNAVAILABLE, "model '" + modelName + "': " + describeEnd(end,
                        "while a request was streaming"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** pb_utils.Logger levels: 0 info, 1 warning, 2 error, 3 verbose. */
    private static System.Logger.Level logLevel(long level) {
        return switch ((int) Math.clamp(level, 0, 3)) {
            case 1 -> System.Logger.Level.WARNING;
            case 2 -> System.Logger.Level.ERROR;
            case 3 -> System.Logger.Level.DEBUG;
            default -> System.Logger.Level.INFO;
        };
    }

    /** Whether it runs and has sent nothing unasked (a message between requests breaks the protocol). */
    boolean isHealthy() {
        return process.isAlive() && incoming.isEmpty();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Runs one execution.
     *
     * @param limitNanos how long the stub may take before it is killed, or {@link #NO_LIMIT}
     * @param overdue    what the error says when it takes longer
     * @throws InferenceException for an error the model raised or returned: the stub runs on
     * @throws StubFailure        when the stub died, was killed for time, or broke the protocol: it is stopped
     */
    List<Tensor> execute(Execution execution, long limitNanos, String overdue) throws StubFailure {
        long id = ++lastId;
        JsonObject message;
        try {
            message = new JsonObject().put("op", "execute").put("id", id)
                    .put("inputs", region.writeInputs(execution.inputs()))
                    .put("requested", new JsonArray(List.copyOf(execution.requestedOutputs())))
                    .put("request", details(HostRequest.of(execution.requests())));
        } catch (IOException e) {
            throw new InferenceException(Status.INTERNAL, "model '" + modelName
                    + "': cannot write its inputs to shared memory: " + e.getMessage());
        }
        String during = "while executing a request";
        if (execution.sender() != null) {
            responses.open(id, execution.sender());
        }
        send(message, during);
        execution.timer().inputsReady();
        StubMessage reply = await(id, limitNanos, overdue, during);
        execution.timer().inferenceDone();
        try {
            return switch (reply.op()) {
                case "result" -> region.readTensors(reply.objects("outputs"));
                case "error" -> throw reply.error();
                default -> throw new ProtocolViolation("a '" + reply.op() + "' message in answer to execute");
            };
        } catch (ProtocolViolation e) {
            throw violation(e.getMessage());
        } catch (IOException e) {
            throw stop(new StubFailure(Status.INTERNAL, "model '" + modelName + "': cannot read its outputs from "
                    + "shared memory: " + e.getMessage()));
        }
    }

    private static JsonObject details(HostRequest request) {
        return new JsonObject().put("id", request.id()).put("parameters", request.parametersJson())
                .put("correlation_id", request.correlationId())
                .put("correlation_id_is_string", request.correlationIdIsString())
                .put("timeout", request.timeoutMicros()).put("flags", request.flags());
    }

    private void send(JsonObject message, String during) throws StubFailure {
        try {
            control.send(message);
        } catch (IOException e) {
            throw ended(new Incoming.Ended(null), during);
        }
    }

    /** The answer to message {@code id}; anything else stops the stub. */
    private StubMessage await(long id, long limitNanos, String overdue, String during) throws StubFailure {
        Incoming next;
        try {
            next = limitNanos == NO_LIMIT ? incoming.take() : incoming.poll(limitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stop(new StubFailure(Status.UNAVAILABLE, "model '" + modelName + "': interrupted " + during));
        }
        if (next == null) {
            throw stop(new StubFailure(Status.UNAVAILABLE, "model '" + modelName + "' was stopped: " + overdue
                    + "; its CPython stub was killed"));
        }
        if (next instanceof Incoming.Ended ended) {
            throw ended(ended, during);
        }
        StubMessage message = (StubMessage) next;
        try {
            if (message.id() != id) {
                throw new ProtocolViolation("an answer to message " + message.id() + " while message " + id
                        + " was waiting");
            }
        } catch (ProtocolViolation e) {
            throw violation(e.getMessage());
        }
        return message;
    }

    /** Why the stream ended (the stub's exit status when it exited, else what it did wrong); the stub is stopped. */
    private StubFailure ended(Incoming.Ended ended, String during) {
        String why;
        try {
            why = describeEnd(ended, during);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "its CPython stub was interrupted " + during;
        }
        boolean exited = !process.isAlive();
        return stop(new StubFailure(exited ? Status.UNAVAILABLE : Status.INTERNAL, "model '" + modelName + "': " + why
                + (exited ? "" : "; it was stopped")));
    }

    /** What ended the stream, once the stub had a moment to exit: its exit status, a violation or a closed socket. */
    private String describeEnd(Incoming.Ended ended, String during) throws InterruptedException {
        if (process.waitFor(ended.violation() == null ? EXIT_WAIT_MILLIS : 200, TimeUnit.MILLISECONDS)) {
            return "its CPython stub " + describeExit(process.exitValue()) + " " + during + output.tail();
        }
        return ended.violation() != null ? "its CPython stub broke the protocol (" + ended.violation() + ")"
                : "its CPython stub closed its control socket " + during;
    }

    private StubFailure violation(String what) {
        return stop(new StubFailure(Status.INTERNAL, "model '" + modelName + "': its CPython stub broke the protocol ("
                + what + "); it was stopped"));
    }

    /** Fails the requests still streaming with the failure, and stops the stub. */
    private StubFailure stop(StubFailure failure) {
        if (responses != null) {
            responses.failAll(failure.status(), failure.getMessage());
        }
        kill();
        return failure;
    }

    /** "exited with status 3", or "was killed by signal 9 (exit status 137)". */
    static String describeExit(int status) {
        return status > 128 ? "was killed by signal " + (status - 128) + " (exit status " + status + ")"
                : "exited with status " + status;
    }

    /** Stops the stub (and what it started) at once, and releases its socket and region. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        release();
    }

    private void release() {
        try {
            process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        quietly(control::close);
        quietly(region::close);
        quietly(calls::close);
        if (responses != null) {
            responses.failAll(Status.UNAVAILABLE, "model '" + modelName + "': its CPython stub stopped (unloaded or "
                    + "replaced) before the request finished");
            quietly(responses::close);
        }
    }

    /** Calls finalize() and lets the stub exit; a stub that does not is killed. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                long id = ++lastId;
                send(new JsonObject().put("op", "finalize").put("id", id), "during finalize()");
                await(id, FINALIZE_LIMIT_NANOS, "finalize() ran past "
                        + TimeUnit.NANOSECONDS.toSeconds(FINALIZE_LIMIT_NANOS) + " s", "during finalize()");
                if (!process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    log.log(System.Logger.Level.WARNING, "model '" + modelName
                            + "': its CPython stub did not exit after finalize(); killing it");
                }
            }
        } catch (StubFailure e) {
            log.log(System.Logger.Level.WARNING, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            kill();
        }
    }

    /** What releases something that may already be gone. */
    private interface Release {
        void run() throws Exception;
    }

    private static void quietly(Release release) {
        try {
            release.run();
        } catch (Exception e) {
            // released as far as it goes; a region is unlinked again when its stub is released
        }
    }
}
