package kaoping.plan;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Lookups of a value that the database may change at any commit, shared by the requests that ask at the same time,
 * without ever answering a request with a value read before it asked: a lookup already running when a request comes
 * may have read before it, so the request waits for the next one, which starts when the running one ends and serves
 * every request that came meanwhile. Under load one lookup per key is running at a time and a few more than one per
 * round trip are made in all, whatever the number of requests; alone, a request makes its own at once. A request
 * may wait on a thread (get) or without one (ask, for the event loop).
 */
final class SharedLookups<K, V> {
    private final Function<K, V> lookup;
    private final Executor runner;
    private final Map<K, Lane> lanes = new HashMap<>();

    /** {@code runner} runs a lookup that only asynchronous requests (ask) wait for: they cannot run it themselves. */
    SharedLookups(Function<K, V> lookup, Executor runner) {
        this.lookup = lookup;
        this.runner = runner;
    }

    private final class Lane {
        Flight running;
        Flight next;
    }

    /** One lookup, run by one of the requests waiting for it, or by the runner; the others take its value. */
    private final class Flight {
        /** Whether an asynchronous request waits for it (guarded by lanes, like the lane's flights). */
        boolean asked;
        private final CompletableFuture<V> result = new CompletableFuture<>();
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

        /** Whether nobody runs or ran it yet: whoever joins it now gets a value read after they came. */
        synchronized boolean unclaimed() {
            return !claimed && !done;
        }

        /** Whether this thread may run it now: it is runnable and nobody else runs or ran it. */
        synchronized boolean tryClaim() {
            if (runnable && !claimed && !done) {
                claimed = true;
                return true;
            }
            return false;
        }

        /** Waits until the lookup is done (false), or is this thread's to run (true). */
        synchronized boolean claim() {
            boolean interrupted = false;
            try {
                while (!done) {
                    if (tryClaim()) {
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

        void finish(boolean found, V value, Throwable failure) {
            synchronized (this) {
                this.found = found;
                this.value = value;
                this.failure = failure;
                done = true;
                notifyAll();
            }
            if (found) {
                result.complete(value);
            } else {
                result.completeExceptionally(new IllegalStateException("the lookup this request waited for failed", failure));
            }
        }

        synchronized V value() {
            if (!found) {
                throw new IllegalStateException("the lookup this request waited for failed", failure);
            }
            return value;
        }
    }

    /** The value as of a moment after this call began; the calling thread may run the lookup. */
    V get(K key) {
        Flight flight = join(key, false).flight;
        if (flight.claim()) {
            run(key, flight);
        }
        return flight.value();
    }

    /**
     * The same without blocking (for the event loop): completes, on the thread that ran the lookup, with the value as
     * of a moment after this call began, or fails as the lookup failed.
     */
    CompletionStage<V> ask(K key) {
        Joined joined = join(key, true);
        if (joined.starts) {
            offer(key, joined.flight);
        }
        return joined.flight.result.minimalCompletionStage();
    }

    /** The flight a request waits for, and whether it starts at once (the next one starts when the running one ends). */
    private final class Joined {
        final Flight flight;
        final boolean starts;

        Joined(Flight flight, boolean starts) {
            this.flight = flight;
            this.starts = starts;
        }
    }

    private Joined join(K key, boolean asynchronous) {
        synchronized (lanes) {
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
            boolean starts = lane.running == null;
            if (starts) {
                lane.running = new Flight(true);
            } else if (!asynchronous && lane.running.unclaimed()) {
                // offered to the runner but not started: the blocking request runs it itself rather than wait for
                // the runner's turn on a pool that its like may fill
                return new Joined(lane.running, false);
            } else if (lane.next == null) {
                lane.next = new Flight(false);
            }
            Flight flight = starts ? lane.running : lane.next;
            flight.asked |= asynchronous;
            return new Joined(flight, starts);
        }
    }

    /** Hands a flight that may run and that nobody runs yet to the runner. */
    private void offer(K key, Flight flight) {
        try {
            runner.execute(() -> {
                if (flight.tryClaim()) {
                    try {
                        run(key, flight);
                    } catch (RuntimeException failed) {
                        // handed to the requests waiting for it, which answer for it
                    }
                }
            });
        } catch (RuntimeException refused) { // the runner is shutting down: nobody will run it
            if (flight.tryClaim()) {
                settle(key, flight, false, null, refused);
            }
        }
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
            settle(key, flight, found, value, failure);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the flight and starts the next one: a waiting request may run it, or the runner if only asks wait for it. */
    private void settle(K key, Flight flight, boolean found, V value, Throwable failure) {
        Flight next;
        boolean offerNext;
        synchronized (lanes) {
            Lane lane = lanes.get(key);
            next = lane.running = lane.next;
            lane.next = null;
            if (next == null) {
                lanes.remove(key);
            } else {
                next.release();
            }
            offerNext = next != null && next.asked;
        }
        if (offerNext) {
            offer(key, next);
        }
        flight.finish(found, value, failure);
    }
}
