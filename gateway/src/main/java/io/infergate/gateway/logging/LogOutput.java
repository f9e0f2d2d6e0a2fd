package io.infergate.gateway.logging;

import java.io.OutputStream;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * Writes the records the settings allow, as Triton's lines, to standard error or a file; flushed
 * after every record so that a line is out when the request that caused it is answered.
 * {@link ServerLog} owns the stream: closing this handler (as the JVM's log manager does at exit)
 * only flushes it.
 */
final class LogOutput extends StreamHandler {

    LogOutput(OutputStream stream, LogSettings settings) {
        super(stream, new LogLines(settings.format()));
        setLevel(Level.ALL);
        setFilter(settings::allows);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush();
    }

    @Override
    public synchronized void close() {
        flush();
    }
}
