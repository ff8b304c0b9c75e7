package kaoping.plan;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Lookups of a value that the database may change at any commit, shared by the requests that ask at the same time,
 * without ever answering a request with a value read before it asked: a lookup already running when a request comes
 * may have read before it, so the request waits for the next one, which starts when the running one ends and serves
 * every request that came meanwhile. Under load one lookup per key is running at a time and a few more than one per
 * round trip are made in all, whatever the number of requests; alone, a request makes its own at once.
 */
final class SharedLookups<K, V> {
    private final Function<K, V> lookup;
    private final Map<K, Lane> lanes = new HashMap<>();

    SharedLookups(Function<K, V> lookup) {
        this.lookup = lookup;
    }

    private final class Lane {
        Flight running;
        Flight next;
    }

    /** One lookup, run by one of the requests waiting for it; the others take its value. */
    private final class Flight {
        private boolean runnable;
        private boolean claimed;
        private boolean done;
        private boolean found;
        private V value;
        private Throwable failure;

        Flight(boolean runnable) {
            this.runnable = runnable;
        }

        synchronized void release() {
            runnable = true;
            notifyAll();
        }

        /** Waits until the lookup is done (false), or is this thread's to run (true). */
        synchronized boolean claim() {
            boolean interrupted = false;
            try {
                while (!done) {
                    if (runnable && !claimed) {
                        claimed = true;
                        return true;
                    }
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // the flight needs someone to run it if it becomes runnable: wait on, keep the interrupt
                        interrupted = true;
                    }
                }
                return false;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        synchronized void finish(boolean found, V value, Throwable failure) {
            this.found = found;
            this.value = value;
            this.failure = failure;
            done = true;
            notifyAll();
        }

        synchronized V value() {
            if (!found) {
                throw new IllegalStateException("the lookup this request waited for failed", failure);
            }
            return value;
        }
    }

    /** The value as of a moment after this call began. */
    V get(K key) {
        Flight flight;
        synchronized (lanes) {
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
            if (lane.running == null) {
                flight = lane.running = new Flight(true);
            } else {
                if (lane.next == null) {
                    lane.next = new Flight(false);
                }
                flight = lane.next;
            }
        }
        if (flight.claim()) {
            run(key, flight);
        }
        return flight.value();
    }

    private void run(K key, Flight flight) {
        boolean found = false;
        V value = null;
        Throwable failure = null;
        // a waiter interrupted while it waited runs the lookup for all: the interrupt is its own, not theirs
        boolean interrupted = Thread.interrupted();
        try {
            value = lookup.apply(key);
            found = true;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            synchronized (lanes) {
                Lane lane = lanes.get(key);
                lane.running = lane.next;
                lane.next = null;
                if (lane.running == null) {
                    lanes.remove(key);
                } else {
                    lane.running.release();
                }
            }
            flight.finish(found, value, failure);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
