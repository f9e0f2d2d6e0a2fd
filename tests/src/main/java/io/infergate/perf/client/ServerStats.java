package io.infergate.perf.client;

/**
 * A model's cumulative inference statistics (Triton's statistics extension) or the difference of
 * two snapshots; each duration has its own count, as the extension reports it.
 */
public record ServerStats(Duration success, Duration queue, Duration computeInput, Duration computeInfer,
        Duration computeOutput) {

    public static final ServerStats NONE = new ServerStats(Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO);

    /** Count and total nanoseconds of one phase. */
    public record Duration(long count, long ns) {
        public static final Duration ZERO = new Duration(0, 0);

        Duration minus(Duration earlier) {
            return new Duration(count - earlier.count, ns - earlier.ns);
        }

        Duration plus(Duration other) {
            return new Duration(count + other.count, ns + other.ns);
        }

        /** Average in microseconds, 0 without samples. */
        public double avgMicros() {
            return count == 0 ? 0 : ns / 1000.0 / count;
        }
    }

    public ServerStats minus(ServerStats earlier) {
        return new ServerStats(success.minus(earlier.success), queue.minus(earlier.queue),
                computeInput.minus(earlier.computeInput), computeInfer.minus(earlier.computeInfer),
                computeOutput.minus(earlier.computeOutput));
    }

    public ServerStats plus(ServerStats other) {
        return new ServerStats(success.plus(other.success), queue.plus(other.queue),
                computeInput.plus(other.computeInput), computeInfer.plus(other.computeInfer),
                computeOutput.plus(other.computeOutput));
    }

    /** Time in the server per request not spent queued or computing (protocol, scheduling). */
    public double overheadMicros() {
        return Math.max(0, success.avgMicros() - queue.avgMicros() - computeInput.avgMicros()
                - computeInfer.avgMicros() - computeOutput.avgMicros());
    }
}
