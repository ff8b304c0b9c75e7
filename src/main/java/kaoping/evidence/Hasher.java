package kaoping.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * The SHA-256 of a body, computed on a worker while the event loop receives the next chunks: hashing (about 0.7 s a
 * GiB) on the event loop took it from the connection. The chunks are the ones handed to the file (Vert.x copies what
 * it receives into buffers of their own), so waiting for the hash costs no copy; at most {@link #QUEUE} bytes wait, and
 * the caller pauses the connection beyond that until they are hashed ({@link #whenDrained}).
 */
final class Hasher {
    static final long QUEUE = 8L * 1024 * 1024;
    /** A worker is woken for this much at least (or at the end): one per chunk of 64 KiB kept threads churning. */
    private static final long BATCH = 1024 * 1024;
    private final MessageDigest sha256;
    private final Executor worker;
    private final Queue<Buffer> chunks = new ConcurrentLinkedQueue<>();
    private final AtomicLong waiting = new AtomicLong();
    /** Whether a worker is hashing; one at a time, so the chunks are hashed in order. */
    private final AtomicBoolean hashing = new AtomicBoolean();
    private final AtomicReference<Runnable> drained = new AtomicReference<>();

    Hasher(Executor worker) {
        this.worker = worker;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Hands a chunk over; false when the queue is full (the caller pauses until {@link #whenDrained}). */
    boolean add(Buffer chunk) {
        chunks.add(chunk);
        long now = waiting.addAndGet(chunk.length());
        if (now >= BATCH) {
            start();
        }
        return now < QUEUE;
    }

    boolean hasRoom() {
        return waiting.get() < QUEUE;
    }

    /** Runs {@code then} (on the worker) once every chunk handed over so far is hashed. */
    void whenDrained(Runnable then) {
        drained.set(then);
        start();
    }

    /** The SHA-256 of every chunk, once the last has been handed over. */
    Future<byte[]> digest() {
        Promise<byte[]> digest = Promise.promise();
        whenDrained(() -> digest.complete(sha256.digest()));
        return digest.future();
    }

    private void start() {
        if (hashing.compareAndSet(false, true)) {
            worker.execute(this::hash);
        }
    }

    private void hash() {
        do {
            for (Buffer chunk; (chunk = chunks.poll()) != null; ) {
                sha256.update(chunk.getByteBuf().nioBuffer());
                waiting.addAndGet(-chunk.length());
            }
            Runnable then = chunks.isEmpty() ? drained.getAndSet(null) : null;
            if (then != null) {
                then.run();
            }
            hashing.set(false);
            // a chunk or a callback that came after the loop: take it, unless another worker started already
        } while ((!chunks.isEmpty() || drained.get() != null) && hashing.compareAndSet(false, true));
    }
}
