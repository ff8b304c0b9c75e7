package kaoping.db;

import java.io.IOException;

/**
 * Stops the embedded PostgreSQL when the app is gone, however it went (kill -9, an OOM kill): the app starts this as a
 * small process of its own whose stdin is a pipe the app never writes to, so the operating system ends it with EOF
 * when the app's process ends, and this then runs its arguments (pg_ctl stop). Plain JDK only, so it runs from the
 * app's jar anywhere Java runs.
 */
public final class Watchdog {
    private Watchdog() {
    }

    public static void main(String... stop) throws IOException, InterruptedException {
        while (System.in.read() != -1) {
            // nothing is ever sent: only the end of the stream matters
        }
        System.exit(new ProcessBuilder(stop).inheritIO().start().waitFor());
    }
}
