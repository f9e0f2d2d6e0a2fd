package io.infergate.gateway.logging;

import java.util.Arrays;
import java.util.Optional;

/** Triton's log line formats ({@code --log-format}, {@code log_format}). */
public enum LogFormat {
    /** glog's: {@code I1206 10:08:12.123456 42 Source] message}, local time. */
    DEFAULT("default"),
    /** {@code 2026-12-06T10:08:12Z I 42 Source] message}, UTC. */
    ISO8601("ISO8601");

    private final String text;

    LogFormat(String text) {
        this.text = text;
    }

    /** As Triton spells it. */
    public String text() {
        return text;
    }

    public static Optional<LogFormat> parse(String text) {
        return Arrays.stream(values()).filter(format -> format.text.equals(text)).findFirst();
    }
}
