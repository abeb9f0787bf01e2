package io.hecate.cli;

import io.hecate.connectors.DaemonThreads;
import java.time.Duration;

/**
 * A command's exit that cannot hang. A command ends with its engine closed, but H2 closes a file that another process
 * still uses through this one (AUTO_SERVER) in a shutdown hook, and H2 2.3's hook can wait for ever on its LOB cleaner,
 * which spins once the store is closing (seen with two commands at once on one state dir: a process that never exited,
 * a core busy). Past the grace the process halts with the command's exit code; whatever was committed stays committed.
 */
final class BoundedExit {

    /** Far longer than closing a file takes. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private BoundedExit() {
    }

    static void exit(int code, Duration grace) {
        DaemonThreads.named("exit-watchdog").newThread(() -> {
            try {
                Thread.sleep(grace.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("hecate: the exit did not end within " + grace.toSeconds() + " s (a shutdown hook hangs); halting");
            Runtime.getRuntime().halt(code);
        }).start();
        System.exit(code);
    }
}
