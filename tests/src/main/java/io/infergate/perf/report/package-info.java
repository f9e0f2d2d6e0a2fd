/** What a run leaves behind: perf_analyzer's CSV, a latency/throughput chart and the console summary with ratios. */
package io.infergate.perf.report;
