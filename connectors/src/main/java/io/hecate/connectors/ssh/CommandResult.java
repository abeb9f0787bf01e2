package io.hecate.connectors.ssh;

import java.time.Duration;

/** What one command did on one node; a non-zero exit code is a result, not a failure. */
public record CommandResult(String node, int exitCode, String stdout, String stderr, Duration took) {

    /** The channel closed without an exit status (the node went away while the command ran). */
    public static final int NO_EXIT_STATUS = -1;

    public boolean noExitStatus() {
        return exitCode == NO_EXIT_STATUS;
    }

    public boolean ok() {
        return exitCode == 0;
    }
}
