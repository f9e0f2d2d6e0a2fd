package io.infergate.gateway.trace;

import io.infergate.engine.trace.RequestTrace;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Writes finished traces to their files on a thread of its own, off the request path: a request
 * only hands its trace over. Each file collects traces and is written as one JSON array, Triton's
 * way: with a log frequency of N, every N traces go to {@code FILE.0}, {@code FILE.1} ...; with
 * 0, all of them go to {@code FILE} once tracing stops using it (a setting change, shutdown).
 * Links are not followed. At most {@link #MAX_WAITING} traces wait for the thread.
 */
final class TraceWriter implements TraceDestination {
    private static final Logger LOG = Logger.getLogger(TraceWriter.class.getName());

    /**
     * Traces waiting for the writer at most: a disk slower than the requests must not fill the
     * heap; traces beyond are dropped, and counted in a warning.
     */
    static final int MAX_WAITING = 100_000;

    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread writer = new Thread(runnable, "infergate-trace-writer");
        writer.setDaemon(true);
        return writer;
    });
    /** Touched only on the writer's thread. */
    private final Map<String, TraceFile> files = new HashMap<>();
    /** Whether a trace was ever handed over: until then there is nothing to write (and no thread). */
    private volatile boolean used;

    /** Trace files need a file. */
    @Override
    public boolean takes(TraceFields settings) {
        return !settings.file().isEmpty();
    }

    /**
     * Hands a finished trace to the writer; returns at once. One that ends after shutdown, or
     * while {@link #MAX_WAITING} wait already, is dropped.
     */
    @Override
    public void accept(RequestTrace trace, TraceFields settings) {
        used = true;
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            if (dropped.incrementAndGet() % MAX_WAITING == 1) {
                LOG.warning(dropped.get() + " trace(s) dropped so far: the trace files are written more slowly"
                        + " than requests are traced (lower trace_rate)");
            }
            return;
        }
        try {
            thread.execute(() -> {
                waiting.decrementAndGet();
                files.computeIfAbsent(settings.file(), TraceFile::new).add(trace, settings.logFrequency());
            });
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet();
            LOG.fine("trace " + trace.id() + " ended after shutdown: not written");
        }
    }

    /** Writes out the files the settings no longer name: tracing no longer goes to them. */
    @Override
    public void inUse(Collection<TraceFields> settings) {
        if (!used) {
            return;
        }
        Set<String> inUse = settings.stream().map(TraceFields::file).collect(Collectors.toSet());
        thread.execute(() -> files.entrySet().removeIf(entry -> {
            boolean unused = !inUse.contains(entry.getKey());
            if (unused) {
                entry.getValue().writeOut();
            }
            return unused;
        }));
    }

    /** Writes out every file and stops the thread, waiting for it a while. */
    @Override
    public void close() {
        inUse(Set.of());
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warning("trace files still being written after 30 s; some traces may be missing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The traces collected for one file and not yet written. */
    private static final class TraceFile {
        private final String path;
        /** The traces' objects as JSON text, comma-separated: the array without its brackets. */
        private final StringBuilder entries = new StringBuilder();
        private int traces;
        private int logFrequency;
        private int nextIndex;

        TraceFile(String path) {
            this.path = path;
        }

        void add(RequestTrace trace, int frequency) {
            if (traces > 0) {
                entries.append(',');
            }
            TraceJson.append(entries, trace);
            traces++;
            logFrequency = frequency;
            if (logFrequency > 0 && traces >= logFrequency) {
                writeOut();
            }
        }

        /** Writes the collected traces: to the next FILE.N with a log frequency, else to FILE. */
        void writeOut() {
            if (traces == 0) {
                return;
            }
            Path target = Path.of(logFrequency > 0 ? path + "." + nextIndex++ : path);
            try (Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                out.append('[').append(entries).append(']');
            } catch (IOException | RuntimeException e) {
                LOG.warning("cannot write trace file " + target + ": " + e);
            }
            entries.setLength(0);
            traces = 0;
        }
    }
}
