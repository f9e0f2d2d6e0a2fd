package io.infergate.gateway.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What may answer a request at each moment of a reload test: before a reload only what the
 * previous load made ready; while a reload runs (from its request until its answer) that and
 * what the reload makes ready. A request may be answered by anything that could serve at some
 * moment between its sending and its answer.
 */
final class ServingTimeline {
    private record Period(long startNanos, Set<String> servers) {
    }

    private final List<Period> periods = new ArrayList<>();
    private Set<String> ready;

    /** Starts with what the start-up load made ready ("version:file" names). */
    ServingTimeline(long startNanos, Set<String> ready) {
        this.ready = Set.copyOf(ready);
        periods.add(new Period(startNanos, this.ready));
    }

    /** A reload that will make {@code next} ready is being asked for now. */
    synchronized void reloading(long nowNanos, Set<String> next) {
        Set<String> either = new HashSet<>(ready);
        either.addAll(next);
        periods.add(new Period(nowNanos, Set.copyOf(either)));
        ready = Set.copyOf(next);
    }

    /** The reload asked for last has answered: only what it made ready serves from now on. */
    synchronized void reloaded(long nowNanos) {
        periods.add(new Period(nowNanos, ready));
    }

    /** Whether {@code servedBy} could serve at some moment between these two. */
    synchronized boolean couldServe(String servedBy, long sentNanos, long answeredNanos) {
        for (int i = 0; i < periods.size(); i++) {
            long end = i + 1 < periods.size() ? periods.get(i + 1).startNanos() : Long.MAX_VALUE;
            Period period = periods.get(i);
            if (period.startNanos() <= answeredNanos && end >= sentNanos && period.servers().contains(servedBy)) {
                return true;
            }
        }
        return false;
    }
}
