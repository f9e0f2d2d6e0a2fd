package io.infergate.gateway.metrics;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Samples the machine's CPU utilization and memory from /proc every --metrics-interval-ms, off
 * the event loop, for nv_cpu_utilization and nv_cpu_memory_*_bytes. Where /proc is missing (not
 * Linux) the families are simply not reported.
 */
public final class CpuSampler {
    private static final Path STAT = Path.of("/proc/stat");
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private final Vertx vertx;
    private long timer = -1;
    private long previousBusy;
    private long previousTotal;
    private volatile Sample latest;

    /** The latest sample: utilization 0..1 over the last interval, memory in bytes. */
    public record Sample(double utilization, long memoryTotalBytes, long memoryUsedBytes) {
    }

    public CpuSampler(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts sampling every intervalMs (0 disables it). */
    public void start(int intervalMs) {
        if (intervalMs > 0 && Files.isReadable(STAT) && Files.isReadable(MEMINFO)) {
            sample();
            timer = vertx.setPeriodic(intervalMs, id -> sample());
        }
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The latest sample, or null before the first one (or where /proc is missing). */
    public Sample latest() {
        return latest;
    }

    private void sample() {
        vertx.executeBlocking(() -> read(Files.readAllLines(STAT).getFirst(), Files.readAllLines(MEMINFO)), false)
                .onSuccess(sample -> latest = sample);
    }

    /** Parses the aggregate "cpu" line of /proc/stat and MemTotal / MemAvailable of /proc/meminfo. */
    private synchronized Sample read(String cpuLine, List<String> meminfo) throws IOException {
        String[] fields = cpuLine.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < fields.length; i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
        long busy = total - idle;
        double utilization = total == previousTotal ? 0
                : (double) (busy - previousBusy) / (total - previousTotal);
        previousBusy = busy;
        previousTotal = total;
        long memTotal = meminfoBytes(meminfo, "MemTotal:");
        long memAvailable = meminfoBytes(meminfo, "MemAvailable:");
        return new Sample(Math.max(0, Math.min(1, utilization)), memTotal, memTotal - memAvailable);
    }

    private static long meminfoBytes(List<String> meminfo, String key) throws IOException {
        for (String line : meminfo) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
            }
        }
        throw new IOException("/proc/meminfo has no " + key);
    }

    /** The CPU families, when a sample exists. */
    static void render(StringBuilder text, Sample sample) {
        if (sample == null) {
            return;
        }
        TritonMetricsText.header(text, "nv_cpu_utilization", "gauge", "CPU utilization rate [0.0 - 1.0]");
        text.append("nv_cpu_utilization ").append(sample.utilization()).append('\n');
        TritonMetricsText.header(text, "nv_cpu_memory_total_bytes", "gauge", "CPU total memory (RAM), in bytes");
        text.append("nv_cpu_memory_total_bytes ").append(sample.memoryTotalBytes()).append('\n');
        TritonMetricsText.header(text, "nv_cpu_memory_used_bytes", "gauge", "CPU used memory (RAM), in bytes");
        text.append("nv_cpu_memory_used_bytes ").append(sample.memoryUsedBytes()).append('\n');
    }
}
