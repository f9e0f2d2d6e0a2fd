package io.infergate.engine.scheduler;

import java.util.TreeMap;

/**
 * preserve_ordering: batches may finish out of order on several instances, but their answers
 * leave in the order the batches were formed. (Without it, workers answer as batches finish.)
 */
final class ResponseOrder {
    private final TreeMap<Long, Runnable> finished = new TreeMap<>();
    private long nextToForm;
    private long nextToRelease;

    /** A ticket for a batch being formed now. */
    long ticket() {
        return nextToForm++;
    }

    /** Releases a finished batch's answers, holding them back behind earlier unfinished batches. */
    void finished(long ticket, Runnable release) {
        finished.put(ticket, release);
        while (!finished.isEmpty() && finished.firstKey() == nextToRelease) {
            finished.pollFirstEntry().getValue().run();
            nextToRelease++;
        }
    }
}
