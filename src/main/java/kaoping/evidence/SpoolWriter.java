package kaoping.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * A body's bytes on their way to its spool file: hashed (SHA-256) and written by one worker at a time, a batch of
 * chunks per wake-up and a gathered write per {@value #GATHER} chunks, while the event loop receives the next ones.
 * Vert.x's AsyncFile ran the write of every chunk (8 KiB) as a task of its own on the worker pool, beside another
 * worker hashing: threads woken and parked by the hundred thousand per GiB took the two cores from the transfer. The
 * chunks are the ones Vert.x copied out of the connection's buffers, so waiting costs no copy; at most {@link #QUEUE}
 * bytes wait, and the caller pauses the connection beyond that until they are written ({@link #whenDrained}).
 * <p>
 * Every {@link #WRITEBACK} bytes the file is forced on another worker while writing goes on, so the force before the
 * file is kept finds little left: the page cache would otherwise hold a whole upload dirty until then.
 */
final class SpoolWriter {
    static final long QUEUE = 8L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(SpoolWriter.class);
    /** A worker is woken for this much at least (or at the end). */
    private static final long BATCH = 1024 * 1024;
    private static final long WRITEBACK = 32L * 1024 * 1024;
    /** Chunks per write call: far below the kernel's IOV_MAX (1,024), and a few hundred KiB still in the CPU's cache. */
    private static final int GATHER = 32;
    private final FileChannel file;
    private final Executor worker;
    private final Consumer<IOException> failed;
    private final MessageDigest sha256;
    private final Queue<Buffer> chunks = new ConcurrentLinkedQueue<>();
    private final AtomicLong waiting = new AtomicLong();
    /** Whether a worker is draining; one at a time, so the chunks are hashed and written in order. */
    private final AtomicBoolean draining = new AtomicBoolean();
    /** What runs once every chunk handed over so far is written. */
    private final Queue<Runnable> whenDrained = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean forcing = new AtomicBoolean();
    /** Set when the disk failed or the body is given up: what still comes is dropped. */
    private volatile boolean stopped;
    /** Touched by the draining worker only. */
    private long unforced;
    private Future<Void> closing;

    /** Writes to {@code file}; {@code failed} is told, once, on a worker, if the disk fails a write. */
    SpoolWriter(FileChannel file, Executor worker, Consumer<IOException> failed) {
        this.file = file;
        this.worker = worker;
        this.failed = failed;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Hands a chunk over (on the event loop); false when the queue is full: pause until {@link #whenDrained}. */
    boolean add(Buffer chunk) {
        chunks.add(chunk);
        long now = waiting.addAndGet(chunk.length());
        if (now >= BATCH) {
            start();
        }
        return now < QUEUE;
    }

    /** Runs {@code then} (on the worker) once every chunk handed over so far is written. */
    void whenDrained(Runnable then) {
        whenDrained.add(then);
        start();
    }

    /** Once every chunk handed over is written: the file closed, and the SHA-256 of all (fails if the disk did). */
    Future<byte[]> finish() {
        Promise<byte[]> digest = Promise.promise();
        whenDrained(() -> {
            byte[] sha = stopped ? null : sha256.digest();
            close().onSuccess(closed -> {
                if (sha == null) {
                    digest.fail(new IOException("the spool could not be written"));
                } else {
                    digest.complete(sha);
                }
            }).onFailure(digest::fail);
        });
        return digest.future();
    }

    /** Gives the body up: what waits is dropped and the file closed, once, whoever asks first. */
    synchronized Future<Void> close() {
        if (closing == null) {
            stopped = true;
            Promise<Void> closed = Promise.promise();
            closing = closed.future();
            // after the worker's last batch, never under a write
            whenDrained(() -> {
                try {
                    file.close();
                    closed.complete();
                } catch (IOException e) {
                    closed.fail(e);
                }
            });
        }
        return closing;
    }

    private void start() {
        if (draining.compareAndSet(false, true)) {
            worker.execute(this::drain);
        }
    }

    private void drain() {
        do {
            try {
                writeWaiting();
                // the callback first: a chunk handed over before it was asked for is then in the queue already
                for (Runnable then; (then = whenDrained.peek()) != null && chunks.isEmpty(); ) {
                    whenDrained.poll();
                    run(then);
                }
            } finally {
                draining.set(false);
            }
            // a chunk or a callback that came after the loop: take it, unless another worker started already
        } while ((!chunks.isEmpty() || !whenDrained.isEmpty()) && draining.compareAndSet(false, true));
    }

    /** A callback's failure is its own: the next ones and the next chunks are still taken. */
    private static void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("an upload's callback failed", e);
        }
    }

    private void writeWaiting() {
        ByteBuffer[] batch = new ByteBuffer[GATHER];
        int count = 0;
        for (Buffer chunk; (chunk = chunks.poll()) != null; ) {
            ByteBuffer bytes = chunk.getByteBuf().nioBuffer();
            if (!stopped) {
                sha256.update(bytes.duplicate());
            }
            batch[count++] = bytes;
            if (count == GATHER || chunks.isEmpty()) {
                write(batch, count);
                count = 0;
            }
        }
    }

    private void write(ByteBuffer[] batch, int count) {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            bytes += batch[i].remaining();
        }
        try {
            if (!stopped) {
                for (long left = bytes; left > 0; ) {
                    left -= file.write(batch, 0, count);
                }
                unforced += bytes;
                if (unforced >= WRITEBACK) {
                    unforced = 0;
                    forceBeside();
                }
            }
        } catch (IOException e) {
            stopped = true;
            failed.accept(e);
        } finally {
            waiting.addAndGet(-bytes);
        }
    }

    private void forceBeside() {
        if (forcing.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    try {
                        file.force(false);
                    } catch (IOException ignored) {
                        // a failing disk fails the force before the file is kept, which answers for it; a closed file
                        // was given up or is complete and forced again then
                    } finally {
                        forcing.set(false);
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                forcing.set(false); // an early write-back only: the force before the file is kept still comes
            }
        }
    }
}
