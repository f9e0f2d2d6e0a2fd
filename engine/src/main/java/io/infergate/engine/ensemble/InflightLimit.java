package io.infergate.engine.ensemble;

/**
 * max_inflight_requests of one ensemble request: how many responses of its decoupled steps may
 * be on their way through the steps after them. A decoupled model that sends more waits, on its
 * own thread, until one of them is through; so memory stays bounded however fast it produces.
 * Event loops never wait. Closing (the request ended) lets every waiting sender go.
 */
final class InflightLimit {
    private final int max;
    private int inFlight;
    private boolean closed;

    /** @param max the bound; 0 for none */
    InflightLimit(int max) {
        this.max = max;
    }

    synchronized void admit(boolean mayWait) {
        while (mayWait && max > 0 && inFlight >= max && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        inFlight++;
    }

    synchronized void release() {
        inFlight--;
        notifyAll();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
