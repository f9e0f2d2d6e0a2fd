package io.infergate.gateway.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Log records as Triton's lines: a level letter (E, W, I, V), the time, the thread, the source
 * (the logger's last name part) and the message, then the stack trace of an exception if any.
 */
final class LogLines extends Formatter {
    private static final DateTimeFormatter GLOG_TIME = DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter ISO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private final LogFormat format;

    LogLines(LogFormat format) {
        this.format = format;
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128);
        char letter = letter(record.getLevel());
        if (format == LogFormat.ISO8601) {
            line.append(ZonedDateTime.ofInstant(record.getInstant(), ZoneOffset.UTC).format(ISO_TIME))
                    .append(' ').append(letter);
        } else {
            line.append(letter).append(ZonedDateTime.ofInstant(record.getInstant(), ZoneId.systemDefault())
                    .format(GLOG_TIME));
        }
        line.append(' ').append(record.getLongThreadID()).append(' ').append(source(record)).append("] ")
                .append(formatMessage(record)).append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    private static char letter(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return 'E';
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return 'W';
        }
        return level.intValue() >= Level.INFO.intValue() ? 'I' : 'V';
    }

    private static String source(LogRecord record) {
        String name = record.getLoggerName() == null ? "" : record.getLoggerName();
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
