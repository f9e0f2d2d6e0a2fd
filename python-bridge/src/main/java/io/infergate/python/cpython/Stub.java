package io.infergate.python.cpython;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.Status;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelSpec;
import io.infergate.engine.backend.ParameterizedOutputs;
import io.infergate.engine.tensor.Tensor;
import io.infergate.python.HostRequest;
import io.infergate.python.InitializeArgs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One stub process running one model instance: its two sockets, its shared regions, a thread that
 * reads the control socket and one that logs what the stub prints. The requests socket carries
 * this side's messages (init's answer, execute, finalize) and the stub's answers, read by the
 * thread that waits for them, so a request costs one wake-up each way. The control socket carries
 * what the stub starts (log messages, BLS requests, host calls, decoupled responses, is_ready
 * answers), handled at once by its reader. Each answer says how many frames the stub had sent on
 * the control socket by then, and is taken only once the reader has handled those: what the model
 * did during a request (a log line, a protocol violation) is settled before its answer counts.
 * Used by one thread at a time, except {@link #isReady()}, which any thread may call; a failure
 * leaves it stopped and released.
 */
final class Stub implements AutoCloseable {
    /** No limit on how long a request may run. */
    static final long NO_LIMIT = Long.MAX_VALUE;
    /** How long loading model.py and initialize() may take. */
    private static final long START_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final long FINALIZE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long EXIT_WAIT_MILLIS = 2000;
    /** How long the model's is_ready() may take before the model counts as not ready. */
    static final long READY_LIMIT_MILLIS = 5000;

    private final String modelName;
    private final Process process;
    private final StubSocket control;
    private final StubSocket requests;
    private final SharedRegion region;
    private final StreamedResponses responses;
    private final BlsCalls calls;
    private final HostCalls host;
    private final StubOutput output;
    private final System.Logger log;
    private final Consumer<Stub> ended;
    // Written by the control socket's reader: frames handled, and why the socket ended (once it has).
    private volatile long controlFramesHandled;
    private volatile ControlEnd controlEnd;
    private volatile Thread awaitingControl;
    // Read by the socket's reader (host calls ask about requests by execute id).
    private volatile long lastId;
    private volatile long executingId;
    private volatile HostRequest executing;
    private volatile boolean hasIsReady;
    // The model's is_ready() in flight, one at a time: the callers that ask meanwhile share its answer.
    private CompletableFuture<Boolean> readyQuery;
    private long readyQueries;

    private Stub(String modelName, Process process, StubSocket control, StubSocket requests, SharedRegion region,
            StreamedResponses responses, SharedRegion blsRegion, ModelSpec spec, StubOutput output, System.Logger log,
            Consumer<Stub> ended) {
        this.modelName = modelName;
        this.process = process;
        this.control = control;
        this.requests = requests;
        this.region = region;
        this.responses = responses;
        this.calls = new BlsCalls(modelName, spec.engine(), blsRegion, control);
        this.host = new HostCalls(modelName, spec.models(), blsRegion, control, this::request);
        this.output = output;
        this.log = log;
        this.ended = ended;
    }

    /** A stub process connected to its two sockets. */
    private record Launched(Process process, StubSocket control, StubSocket requests, StubOutput output) {
    }

    /**
     * Why the control socket's stream ended.
     *
     * @param violation what the stub sent that broke the protocol, or null when it closed the socket (or died)
     */
    private record ControlEnd(String violation) {
    }

    /**
     * Starts a stub process and waits until it connects its control socket, then its requests
     * socket, to a listening socket in a private folder, which is removed before this returns or throws.
     */
    private static Launched launch(Interpreter interpreter, System.Logger log, String threadName, long deadline)
            throws IOException {
        Path script = StubFiles.script();
        Path socketDir = Files.createTempDirectory("infergate-cpython-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socketPath = socketDir.resolve("control");
        Process process = null;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socketPath));
            process = new ProcessBuilder(interpreter.command(), "-u", script.toString(), socketPath.toString())
                    .redirectErrorStream(true).start();
            StubOutput output = StubOutput.drain(process.getInputStream(), log, threadName);
            StubSocket control = new StubSocket(accept(server, process, deadline));
            return new Launched(process, control, new StubSocket(accept(server, process, deadline)), output);
        } catch (IOException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            throw e;
        } finally {
            quietly(() -> {
                Files.deleteIfExists(socketPath);
                Files.deleteIfExists(socketDir);
            });
        }
    }

    /**
     * Starts a stub and initializes the model in it. The regions' names are unlinked before this
     * returns or throws, and the socket's folder removed. A stub gets a second region for the
     * inputs of its {@link BlsCalls} (and load_model's files), a decoupled model's a third for its
     * {@link StreamedResponses}.
     *
     * @param ended called with the stub, on the socket's reading thread, when its stream ends (it
     *              died, broke the protocol, or was stopped)
     * @throws StubFailure when the stub cannot start, model.py or initialize() raises, or the stub dies first
     */
    static Stub start(ModelSpec spec, int instanceIndex, Interpreter interpreter, Consumer<Stub> ended)
            throws StubFailure {
        String name = spec.name();
        System.Logger log = System.getLogger("io.infergate.python.model." + name);
        SharedRegion region = null;
        SharedRegion blsRegion = null;
        StreamedResponses responses = null;
        try {
            region = SharedRegion.create();
            blsRegion = SharedRegion.create();
            if (spec.config().getModelTransactionPolicy().getDecoupled()) {
                responses = new StreamedResponses(SharedRegion.create());
            }
            long deadline = System.nanoTime() + START_LIMIT_NANOS;
            Launched launched = launch(interpreter, log, "infergate-cpython-output-" + name + "-" + instanceIndex,
                    deadline);
            Stub stub = new Stub(name, launched.process(), launched.control(), launched.requests(), region, responses,
                    blsRegion, spec, launched.output(), log, ended);
            // a platform thread: the stub's answers must be read even when every carrier is blocked
            Thread.ofPlatform().daemon().name("infergate-cpython-control-" + name + "-" + instanceIndex)
                    .start(stub::read);
            return stub.initialize(spec, instanceIndex, interpreter, deadline);
        } catch (IOException e) {
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
        }
    }

    /**
     * Runs the model class's auto_complete_config in a stub of its own, which exits afterwards
     * (killed past {@link #START_LIMIT_NANOS}). Only logging reaches the server from it.
     *
     * @param configJson the configuration as found, in JSON
     * @return the completed configuration in JSON, or null when the class defines no auto_complete_config
     * @throws StubFailure with the traceback when model.py or auto_complete_config raises, or the stub fails
     */
    static String autoComplete(String name, String configJson, Path modelFile, Interpreter interpreter)
            throws StubFailure {
        System.Logger log = System.getLogger("io.infergate.python.model." + name);
        String during = "while running auto_complete_config";
        Launched launched;
        try {
            launched = launch(interpreter, log, "infergate-cpython-output-" + name + "-auto-complete",
                    System.nanoTime() + START_LIMIT_NANOS);
        } catch (IOException e) {
            throw new StubFailure(Status.UNAVAILABLE, "model '" + name + "': cannot start its CPython stub for "
                    + "auto_complete_config: " + e.getMessage());
        }
        Process process = launched.process();
        CompletableFuture.delayedExecutor(START_LIMIT_NANOS, TimeUnit.NANOSECONDS).execute(process::destroyForcibly);
        try (StubSocket control = launched.control(); StubSocket unused = launched.requests()) {
            control.send(new JsonObject().put("op", "auto_complete").put("id", 0).put("model_name", name)
                    .put("model_file", modelFile.toString()).put("version_dir", modelFile.getParent().toString())
                    .put("missing_module_hint", missingModuleHint(interpreter)).put("config", configJson));
            for (StubMessage message; (message = control.receive()) != null; ) {
                switch (message.op()) {
                    case "log" -> log(log, message);
                    case "completed" -> {
                        return message.optionalText("config");
                    }
                    case "error" -> throw new StubFailure(Status.INVALID_ARG, "model '" + name
                            + "': auto_complete_config failed:\n" + message.text("message"));
                    default -> throw new ProtocolViolation("a '" + message.op() + "' message " + during);
                }
            }
            throw new IOException("it closed its control socket");
        } catch (ProtocolViolation e) {
            throw new StubFailure(Status.INTERNAL, "model '" + name + "': its CPython stub broke the protocol ("
                    + e.getMessage() + ") " + during);
        } catch (IOException e) {
            String why = process.isAlive() ? e.getMessage() : "it " + describeExit(exitValue(process));
            throw new StubFailure(Status.UNAVAILABLE, "model '" + name + "': its CPython stub failed " + during + ": "
                    + why + tail(launched.output()));
        } finally {
            process.destroyForcibly();
        }
    }

    private static int exitValue(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String tail(StubOutput output) {
        try {
            return output.tail();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String missingModuleHint(Interpreter interpreter) {
        return "install the package into " + interpreter.environment()
                + ", the CPython environment of this model (docs/python-models.md)";
    }

    private Stub initialize(ModelSpec spec, int instanceIndex, Interpreter interpreter, long deadline)
            throws StubFailure {
        JsonObject init = new JsonObject().put("op", "init").put("id", 0).put("region", region.pathForStub())
                .put("bls_region", calls.region().pathForStub())
                .put("model_name", modelName).put("model_file", spec.modelFile().toString())
                .put("version_dir", spec.versionDir().toString())
                .put("missing_module_hint", missingModuleHint(interpreter))
                .put("args", new JsonArray(InitializeArgs.initializeArgs(spec, instanceIndex)));
        if (responses != null) {
            init.put("responses_region", responses.region().pathForStub());
        }
        send(control, init, "while starting");
        StubMessage reply = answer(0, deadline - System.nanoTime(), "loading model.py and initialize() ran past "
                + TimeUnit.NANOSECONDS.toSeconds(START_LIMIT_NANOS) + " s", "while starting");
        try {
            switch (reply.op()) {
                case "ready" -> {
                    hasIsReady = reply.flag("has_is_ready");
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
     * model's responses handed to their requests (each acknowledged), is_ready answers handed on.
     * Anything else (an answer, which belongs on the requests socket) is a violation. When the
     * stream ends, requests still streaming fail; after a violation the stub is killed, so that a
     * request waiting for its answer learns of it at once.
     */
    private void read() {
        ControlEnd end;
        try {
            for (StubMessage message; (message = control.receive()) != null; ) {
                if ("log".equals(message.op())) {
                    log(log, message);
                } else if ("call".equals(message.op())) {
                    host.handle(message);
                } else if ("ready_state".equals(message.op())) {
                    readyState(message.id(), message.flag("ready"));
                } else if ("infer".equals(message.op())) {
                    calls.start(message, tracedFor(message));
                    control.send(new JsonObject().put("op", "infer_read").put("id", message.id()));
                } else if (responses != null && StreamedResponses.isResponse(message.op())) {
                    responses.accept(message);
                    control.send(new JsonObject().put("op", "ack").put("id", message.id()));
                } else {
                    throw new ProtocolViolation("a '" + message.op() + "' message nobody asked for");
                }
                controlHandled();
            }
            end = new ControlEnd(null);
        } catch (ProtocolViolation e) {
            end = new ControlEnd(e.getMessage());
        } catch (IOException e) {
            end = new ControlEnd(null);
        } catch (RuntimeException e) {
            end = new ControlEnd("a message this side failed on: " + e);
        }
        controlEnd = end;
        if (end.violation() != null) {
            process.destroyForcibly();
        }
        wakeAwaitingControl();
        answerReady(false);
        if (responses != null) {
            try {
                String during = "while a request was streaming";
                responses.failAll(Status.UNAVAILABLE, "model '" + modelName + "': " + (end.violation() != null
                        ? "its CPython stub broke the protocol (" + end.violation() + ")" : describeEnd(during)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ended.accept(this);
    }

    /** Logs a log message under the model's logger. */
    private static void log(System.Logger log, StubMessage message) throws ProtocolViolation {
        log.log(logLevel(message.whole("level")), message.text("message"));
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

    private void controlHandled() {
        controlFramesHandled++; // this reader is the only writer
        wakeAwaitingControl();
    }

    private void wakeAwaitingControl() {
        Thread waiting = awaitingControl;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** Whether it runs and its control socket is open (a message nobody asked for closes it). */
    boolean isHealthy() {
        return process.isAlive() && controlEnd == null;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Whether the model is ready: its stub runs, and its is_ready() (when it has one) returned true
     * within {@link #READY_LIMIT_MILLIS}. is_ready() runs on a thread of the stub's own, also
     * while an execution runs; callers that ask while it runs share its answer.
     */
    boolean isReady() {
        if (!process.isAlive()) {
            return false;
        }
        if (!hasIsReady) {
            return true;
        }
        CompletableFuture<Boolean> query;
        synchronized (this) {
            if (readyQuery == null) {
                readyQuery = new CompletableFuture<>();
                try {
                    control.send(new JsonObject().put("op", "is_ready").put("id", ++readyQueries));
                } catch (IOException e) {
                    readyQuery.complete(false);
                    readyQuery = null;
                    return false;
                }
            }
            query = readyQuery;
        }
        try {
            return query.get(READY_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The stub's answer to an is_ready question; only the one in flight may be answered. */
    private synchronized void readyState(long id, boolean ready) throws ProtocolViolation {
        if (readyQuery == null || id != readyQueries) {
            throw new ProtocolViolation("a 'ready_state' message for question " + id + ", which is not open");
        }
        answerReady(ready);
    }

    private synchronized void answerReady(boolean ready) {
        if (readyQuery != null) {
            readyQuery.complete(ready);
            readyQuery = null;
        }
    }

    /** The request whose trace() a BLS request was made with ("trace": its id, 0 for none), if it still runs. */
    private HostRequest tracedFor(StubMessage message) throws ProtocolViolation {
        long id = message.whole("trace", Long.MAX_VALUE);
        return id == 0 ? null : request(id);
    }

    /** The request a host call asks about: the one executing, or a decoupled one still streaming. */
    private HostRequest request(long id) throws ProtocolViolation {
        if (id <= 0 || id > lastId) {
            throw new ProtocolViolation("a call about request " + id + ", which was never sent");
        }
        HostRequest running = executing;
        if (id == executingId && running != null) {
            return running;
        }
        return responses != null ? responses.request(id) : null;
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
        long id = lastId + 1;
        HostRequest request = HostRequest.of(execution.requests());
        JsonObject message;
        try {
            message = new JsonObject().put("op", "execute").put("id", id)
                    .put("inputs", region.writeInputs(execution.inputs()))
                    .put("requested", new JsonArray(List.copyOf(execution.requestedOutputs())))
                    .put("request", details(request));
        } catch (IOException e) {
            throw new InferenceException(Status.INTERNAL, "model '" + modelName
                    + "': cannot write its inputs to shared memory: " + e.getMessage());
        }
        String during = "while executing a request";
        if (execution.sender() != null) {
            responses.open(id, execution.sender(), request);
        }
        executing = request;
        executingId = id;
        lastId = id;
        StubMessage reply;
        try {
            send(requests, message, during);
            execution.timer().inputsReady();
            reply = answer(id, limitNanos, overdue, during);
            execution.timer().inferenceDone();
        } finally {
            executing = null;
        }
        try {
            return switch (reply.op()) {
                case "result" -> ParameterizedOutputs.of(region.readTensors(reply.objects("outputs")),
                        reply.parameters("parameters"));
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

    private void send(StubSocket socket, JsonObject message, String during) throws StubFailure {
        try {
            socket.send(message);
        } catch (IOException e) {
            throw ended(during);
        }
    }

    /**
     * The stub's answer to message {@code id}, read from the requests socket by this thread, once
     * the control frames the stub sent before it have been handled; anything else stops the stub.
     * Past {@code limitNanos} the stub is killed, which ends the read.
     */
    private StubMessage answer(long id, long limitNanos, String overdue, String during) throws StubFailure {
        long deadline = System.nanoTime() + Math.min(limitNanos, Long.MAX_VALUE / 2);
        Watchdog.Timer timer = limitNanos == NO_LIMIT ? Watchdog.NONE : Watchdog.kill(process, limitNanos);
        StubMessage message = null;
        String broken = null;
        try {
            message = requests.receive();
        } catch (ProtocolViolation e) {
            broken = e.getMessage();
        } catch (ClosedByInterruptException e) {
            throw stop(new StubFailure(Status.UNAVAILABLE, "model '" + modelName + "': interrupted " + during));
        } catch (IOException e) {
            // the stub closed the socket or died: said below
        } finally {
            timer.cancel();
        }
        // a stub killed for time may leave a frame cut short: the time is what went wrong
        if (timer.fired()) {
            throw stop(new StubFailure(Status.UNAVAILABLE, "model '" + modelName + "' was stopped: " + overdue
                    + "; its CPython stub was killed"));
        }
        if (broken != null) {
            throw violation(broken);
        }
        if (message == null) {
            throw ended(during);
        }
        try {
            if (message.id() != id) {
                throw new ProtocolViolation("an answer to message " + message.id() + " while message " + id
                        + " was waiting");
            }
            awaitControlFrames(message.whole("control_frames"), deadline, during);
        } catch (ProtocolViolation e) {
            throw violation(e.getMessage());
        }
        return message;
    }

    /**
     * Waits until the control socket's reader has handled {@code frames} frames, or its stream
     * ended: a violation there fails the answer too.
     */
    private void awaitControlFrames(long frames, long deadline, String during) throws StubFailure {
        awaitingControl = Thread.currentThread();
        try {
            while (controlFramesHandled < frames && controlEnd == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw stop(new StubFailure(Status.UNAVAILABLE, "model '" + modelName + "' was stopped: its "
                            + "control messages were not handled in time " + during));
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            awaitingControl = null;
        }
        ControlEnd end = controlEnd;
        if (end != null && end.violation() != null) {
            throw violation(end.violation());
        }
    }

    /** Why the stub stopped answering (what it did wrong, else its exit status); the stub is stopped. */
    private StubFailure ended(String during) {
        ControlEnd end = controlEnd;
        if (end != null && end.violation() != null) {
            return violation(end.violation());
        }
        String why;
        try {
            why = describeEnd(during);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "its CPython stub was interrupted " + during;
        }
        boolean exited = !process.isAlive();
        return stop(new StubFailure(exited ? Status.UNAVAILABLE : Status.INTERNAL, "model '" + modelName + "': " + why
                + (exited ? "" : "; it was stopped")));
    }

    /** What ended a stream the stub closed, once it had a moment to exit: its exit status, or a closed socket. */
    private String describeEnd(String during) throws InterruptedException {
        if (process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            return "its CPython stub " + describeExit(process.exitValue()) + " " + during + output.tail();
        }
        return "its CPython stub closed a socket " + during;
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
        quietly(requests::close);
        quietly(region::close);
        quietly(calls::close);
        host.close();
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
                executingId = 0;
                send(requests, new JsonObject().put("op", "finalize").put("id", id), "during finalize()");
                answer(id, FINALIZE_LIMIT_NANOS, "finalize() ran past "
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
