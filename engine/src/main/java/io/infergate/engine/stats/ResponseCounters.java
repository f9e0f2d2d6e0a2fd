package io.infergate.engine.stats;

import io.infergate.engine.api.ModelStatistics.ResponseStatistics;

/** The counters of one response index of a decoupled model (Triton's response_stats entry). */
final class ResponseCounters {
    final DurationCounter computeInfer = new DurationCounter();
    final DurationCounter computeOutput = new DurationCounter();
    final DurationCounter success = new DurationCounter();
    final DurationCounter fail = new DurationCounter();
    final DurationCounter emptyResponse = new DurationCounter();
    final DurationCounter cancel = new DurationCounter();

    ResponseStatistics snapshot() {
        return new ResponseStatistics(computeInfer.snapshot(), computeOutput.snapshot(), success.snapshot(),
                fail.snapshot(), emptyResponse.snapshot(), cancel.snapshot());
    }
}
