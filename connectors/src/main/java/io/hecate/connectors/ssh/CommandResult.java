package io.hecate.connectors.ssh;

import java.time.Duration;

/** What one command did on one node; a non-zero exit code is a result, not a failure. */
public record CommandResult(String node, int exitCode, String stdout, String stderr, Duration took) {

    public boolean ok() {
        return exitCode == 0;
    }
}
