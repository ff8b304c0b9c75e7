package kaoping.support;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Thread pools for unit tests: daemons, so that a thread left waiting by a failed test does not keep the JVM alive. */
public final class Daemons {
    private Daemons() {
    }

    public static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        });
    }
}
