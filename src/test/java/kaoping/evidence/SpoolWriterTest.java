package kaoping.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.buffer.Buffer;
import kaoping.support.Daemons;

/** A body's chunks reach the file whole and in order, with the SHA-256 of exactly those bytes, or the failure. */
class SpoolWriterTest {
    private final ExecutorService workers = Daemons.pool(4);
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    /** Chunks of every size up to past a batch, waiting on the queue as the connection would. */
    @ParameterizedTest
    @ValueSource(longs = {1, 42, 20260, 7_777_777})
    void whatIsHandedOverIsWrittenAndHashedInOrder(long seed) throws Exception {
        Random random = new Random(seed);
        Path path = Files.createFile(dir.resolve("spool-" + seed));
        SpoolWriter writer = new SpoolWriter(FileChannel.open(path, StandardOpenOption.WRITE), workers, e -> { });
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        int total = random.nextInt(24 * 1024 * 1024);
        while (sent.size() < total) {
            byte[] chunk = new byte[1 + random.nextInt(random.nextBoolean() ? 300 : 70_000)];
            random.nextBytes(chunk);
            sent.write(chunk);
            if (!writer.add(Buffer.buffer(chunk))) {
                CountDownLatch drained = new CountDownLatch(1);
                writer.whenDrained(drained::countDown);
                assertTrue(drained.await(10, TimeUnit.SECONDS), "the waiting chunks were written");
            }
        }
        byte[] sha256 = writer.finish().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(sent.toByteArray()), sha256);
        assertArrayEquals(sent.toByteArray(), Files.readAllBytes(path));
    }

    @Test
    void theQueueIsBoundedAndABodyGivenUpIsDroppedAndClosed() throws Exception {
        Path path = Files.createFile(dir.resolve("given-up"));
        CountDownLatch workerFree = new CountDownLatch(1);
        ExecutorService held = Daemons.pool(1);
        held.execute(() -> await(workerFree)); // nothing is written until the worker is free
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
        SpoolWriter writer = new SpoolWriter(channel, held, e -> { });
        byte[] chunk = new byte[64 * 1024];
        int added = 0;
        while (writer.add(Buffer.buffer(chunk))) {
            added++;
        }
        assertEquals(SpoolWriter.QUEUE / chunk.length - 1, added, "the caller is told to pause at the bound");
        CompletableFuture<Void> closed = writer.close().toCompletionStage().toCompletableFuture();
        assertFalse(closed.isDone(), "closed only after the worker's turn");
        workerFree.countDown();
        closed.get(10, TimeUnit.SECONDS);
        assertFalse(channel.isOpen());
        assertEquals(0, Files.size(path), "nothing of a body given up is written after it");
        held.shutdownNow();
    }

    @Test
    void aFailingDiskIsToldOnceAndFailsTheDigest() throws Exception {
        Path path = Files.createFile(dir.resolve("failing"));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
        CompletableFuture<IOException> told = new CompletableFuture<>();
        AtomicInteger tellings = new AtomicInteger();
        SpoolWriter writer = new SpoolWriter(channel, workers, failure -> {
            tellings.incrementAndGet();
            told.complete(failure);
        });
        channel.close(); // every write fails from now on, as on a disk gone away
        for (int i = 0; i < 40; i++) {
            writer.add(Buffer.buffer(new byte[64 * 1024]));
        }
        assertInstanceOf(ClosedChannelException.class, told.get(10, TimeUnit.SECONDS));
        CompletableFuture<byte[]> digest = writer.finish().toCompletionStage().toCompletableFuture();
        assertTrue(assertThrowsCause(digest) instanceof IOException);
        assertEquals(1, tellings.get(), "told once");
    }

    private static Throwable assertThrowsCause(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("not ended within 10 s", e);
        }
        throw new AssertionError("the digest of a failed spool succeeded");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
