package kaoping.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import kaoping.support.Daemons;

/** Requests that ask at the same time share a lookup, but never one that may have read before they asked. */
class SharedLookupsTest {
    private final ExecutorService threads = Daemons.pool(8);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void requestsThatComeDuringALookupShareTheNextOne() throws Exception {
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        AtomicInteger lookups = new AtomicInteger();
        SharedLookups<String, Integer> shared = new SharedLookups<>(key -> {
            int n = lookups.incrementAndGet();
            if (n == 1) {
                await(firstMayEnd);
            }
            return n;
        }, threads);
        Future<Integer> first = threads.submit(() -> shared.get("plan"));
        poll(() -> lookups.get() == 1);
        // these come while the first lookup runs: it may have read before them, so they wait for the next
        List<Future<Integer>> later = List.of(threads.submit(() -> shared.get("plan")), threads.submit(() -> shared.get("plan")),
                threads.submit(() -> shared.get("plan")));
        CompletableFuture<Integer> otherKey = CompletableFuture.supplyAsync(() -> shared.get("other plan"), threads);
        assertEquals(2, otherKey.get(10, TimeUnit.SECONDS), "another key is not held up");
        assertEquals(2, lookups.get());
        poll(() -> waiting(3));
        firstMayEnd.countDown();
        assertEquals(1, first.get(10, TimeUnit.SECONDS));
        for (Future<Integer> request : later) {
            assertEquals(3, request.get(10, TimeUnit.SECONDS), "one lookup, started after they came, for all three");
        }
        assertEquals(3, lookups.get());
        assertEquals(4, shared.get("plan"), "alone, a request looks up at once");
    }

    @Test
    void aFailedLookupFailsItsOwnRequestsOnly() {
        // an exception, or an Error (a stack overflow, no memory) that must still hand the key over
        for (Throwable failure : List.of(new IllegalStateException("the database is away"), new StackOverflowError("deep"))) {
            AtomicInteger lookups = new AtomicInteger();
            SharedLookups<String, Integer> shared = new SharedLookups<>(key -> {
                if (lookups.incrementAndGet() == 1 && failure instanceof Error error) {
                    throw error;
                }
                if (lookups.get() == 1) {
                    throw (RuntimeException) failure;
                }
                return lookups.get();
            }, threads);
            assertThrows(failure.getClass(), () -> shared.get("plan"));
            assertEquals(2, shared.get("plan"));
        }
    }

    @Test
    void anInterruptedRequestRunsTheLookupUninterruptedAndKeepsItsInterrupt() {
        SharedLookups<String, Boolean> shared = new SharedLookups<>(key -> Thread.currentThread().isInterrupted(), threads);
        Thread.currentThread().interrupt();
        assertEquals(false, shared.get("plan"), "the lookup ran without the interrupt");
        assertTrue(Thread.interrupted(), "and the request still has it");
    }

    @Test
    void asksWaitWithoutAThreadAndShareTheNextLookupWithBlockingRequests() throws Exception {
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        AtomicInteger lookups = new AtomicInteger();
        List<Thread> lookedUpOn = new CopyOnWriteArrayList<>();
        SharedLookups<String, Integer> shared = new SharedLookups<>(key -> {
            lookedUpOn.add(Thread.currentThread());
            int n = lookups.incrementAndGet();
            if (n == 1) {
                await(firstMayEnd);
            }
            return n;
        }, threads);
        CompletableFuture<Integer> first = shared.ask("plan").toCompletableFuture();
        poll(() -> lookups.get() == 1);
        assertNotEquals(Thread.currentThread(), lookedUpOn.get(0), "the asking thread does not run the lookup");
        List<CompletableFuture<Integer>> later = List.of(shared.ask("plan").toCompletableFuture(),
                shared.ask("plan").toCompletableFuture());
        Future<Integer> blocking = threads.submit(() -> shared.get("plan"));
        poll(() -> waiting(1));
        assertFalse(first.isDone() || later.get(0).isDone() || later.get(1).isDone(), "nobody answered before the lookup");
        firstMayEnd.countDown();
        assertEquals(1, first.get(10, TimeUnit.SECONDS));
        for (CompletableFuture<Integer> request : later) {
            assertEquals(2, request.get(10, TimeUnit.SECONDS), "the lookup started after they asked, one for all");
        }
        assertEquals(2, blocking.get(10, TimeUnit.SECONDS));
        assertEquals(2, lookups.get());
        assertEquals(3, shared.ask("plan").toCompletableFuture().get(10, TimeUnit.SECONDS), "alone, an ask looks up at once");
    }

    @Test
    void onlyAsksWaitingForTheNextLookupGetItRunByTheRunner() throws Exception {
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        AtomicInteger lookups = new AtomicInteger();
        SharedLookups<String, Integer> shared = new SharedLookups<>(key -> {
            if (lookups.incrementAndGet() == 1) {
                await(firstMayEnd);
            }
            return lookups.get();
        }, threads);
        Future<Integer> blocking = threads.submit(() -> shared.get("plan"));
        poll(() -> lookups.get() == 1);
        // the blocking request runs the first lookup itself; nobody but the runner is left to run the next
        CompletableFuture<Integer> asked = shared.ask("plan").toCompletableFuture();
        firstMayEnd.countDown();
        assertEquals(1, blocking.get(10, TimeUnit.SECONDS));
        assertEquals(2, asked.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aFailedOrRefusedLookupFailsItsAsksAndLeavesTheKeyUsable() {
        AtomicInteger lookups = new AtomicInteger();
        SharedLookups<String, Integer> failing = new SharedLookups<>(key -> {
            if (lookups.incrementAndGet() == 1) {
                throw new IllegalStateException("the database is away");
            }
            return lookups.get();
        }, threads);
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> failing.ask("plan").toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("the database is away", failed.getCause().getCause().getMessage());
        assertEquals(2, failing.get("plan"));

        // a runner shutting down takes no more tasks: the ask fails at once instead of waiting for ever
        SharedLookups<String, Integer> refused = new SharedLookups<>(key -> 7, task -> {
            throw new RejectedExecutionException("shutting down");
        });
        CompletableFuture<Integer> asked = refused.ask("plan").toCompletableFuture();
        assertTrue(asked.isCompletedExceptionally());
        assertEquals(7, refused.get("plan"), "the key is not left with a flight nobody runs");
    }

    @Test
    void aBlockingRequestRunsALookupTheRunnerHasNotStartedYet() throws Exception {
        // the runner's pool is full (of blocking requests like this one): its task never starts
        List<Runnable> queued = new java.util.ArrayList<>();
        AtomicInteger lookups = new AtomicInteger();
        SharedLookups<String, Integer> shared = new SharedLookups<>(key -> lookups.incrementAndGet(), queued::add);
        CompletableFuture<Integer> asked = shared.ask("plan").toCompletableFuture();
        assertEquals(1, queued.size());
        assertEquals(1, threads.submit(() -> shared.get("plan")).get(10, TimeUnit.SECONDS), "not stuck behind the runner");
        assertEquals(1, asked.get(10, TimeUnit.SECONDS), "the ask took the same lookup, started after it asked");
        queued.get(0).run();
        assertEquals(1, lookups.get(), "the runner's late turn finds it done");
    }

    private boolean waiting(int count) {
        return Thread.getAllStackTraces().entrySet().stream().filter(t -> t.getKey().getState() == Thread.State.WAITING)
                .filter(t -> List.of(t.getValue()).stream().anyMatch(f -> f.getMethodName().equals("claim")))
                .count() >= count;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void poll(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "not reached within 10 s");
            Thread.onSpinWait();
        }
    }
}
