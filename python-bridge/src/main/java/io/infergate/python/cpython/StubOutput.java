package io.infergate.python.cpython;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a stub prints (stdout and stderr, merged): logged line by line under the model's logger,
 * the last few lines kept for the message when the stub dies. Lines are cut at
 * {@link #MAX_LINE} characters, so a stub that prints without newlines costs no memory.
 */
final class StubOutput {
    private static final int MAX_LINE = 2000;
    private static final int KEPT_LINES = 8;

    private final System.Logger log;
    private final Deque<String> last = new ArrayDeque<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    private StubOutput(System.Logger log) {
        this.log = log;
    }

    /**
     * Starts draining the stream on a platform thread of its own, until the stub closes it: a
     * pipe read blocks its carrier, and on a virtual thread two stubs' quiet pipes held both
     * carriers of a 2-core machine, so that no other virtual thread ran.
     */
    static StubOutput drain(InputStream stream, System.Logger log, String threadName) {
        StubOutput output = new StubOutput(log);
        Thread.ofPlatform().daemon().name(threadName).start(() -> output.read(stream));
        return output;
    }

    private void read(InputStream stream) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (stream) {
            for (int n; (n = stream.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        emit(line);
                    } else if (line.size() < MAX_LINE) {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the stub is gone
        }
        if (line.size() > 0) {
            emit(line);
        }
        ended.countDown();
    }

    private void emit(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        log.log(System.Logger.Level.INFO, text);
        synchronized (last) {
            if (last.size() == KEPT_LINES) {
                last.removeFirst();
            }
            last.addLast(text);
        }
    }

    /**
     * The last lines printed, for an error message; empty when there were none. Called once the
     * stub has exited, it first waits (briefly) for the lines still in the pipe.
     */
    String tail() throws InterruptedException {
        ended.await(500, TimeUnit.MILLISECONDS);
        synchronized (last) {
            return last.isEmpty() ? "" : "; its last output:\n" + String.join("\n", last);
        }
    }
}
