package io.hecate.connectors.timesync;

import io.hecate.connectors.ssh.CommandResult;
import io.hecate.connectors.ssh.NodeShell;
import java.time.Duration;
import java.util.Locale;

/** Asks chrony first and falls back to timedatectl on nodes without chronyc. */
public final class ShellClockSync implements ClockSync {

    static final String CHRONYC_TRACKING = "chronyc -n tracking";
    static final String TIMEDATECTL_NTP = "timedatectl show -p NTPSynchronized --value";
    private static final int COMMAND_NOT_FOUND = 127;

    private final NodeShell shell;
    private final Duration commandTimeout;
    private final Duration maxOffset;

    public ShellClockSync(NodeShell shell) {
        this(shell, Duration.ofSeconds(10), Duration.ofMillis(500));
    }

    public ShellClockSync(NodeShell shell, Duration commandTimeout, Duration maxOffset) {
        this.shell = shell;
        this.commandTimeout = commandTimeout;
        this.maxOffset = maxOffset;
    }

    @Override
    public SyncState check(String node) {
        CommandResult chrony = shell.run(node, CHRONYC_TRACKING, commandTimeout);
        if (!missing(chrony)) {
            if (!chrony.ok()) {
                return new SyncState(node, false, ClockOutputParser.CHRONY, "chronyc exited " + chrony.exitCode() + ": "
                        + ClockOutputParser.seen(chrony.stderr().isBlank() ? chrony.stdout() : chrony.stderr()));
            }
            return ClockOutputParser.chronyTracking(node, chrony.stdout(), maxOffset);
        }
        CommandResult timedatectl = shell.run(node, TIMEDATECTL_NTP, commandTimeout);
        if (missing(timedatectl)) {
            return new SyncState(node, false, ClockOutputParser.TIMEDATECTL,
                    "neither chronyc nor timedatectl is installed");
        }
        if (!timedatectl.ok()) {
            return new SyncState(node, false, ClockOutputParser.TIMEDATECTL, "timedatectl exited "
                    + timedatectl.exitCode() + ": " + ClockOutputParser.seen(timedatectl.stderr()));
        }
        return ClockOutputParser.timedatectl(node, timedatectl.stdout());
    }

    private static boolean missing(CommandResult result) {
        return result.exitCode() == COMMAND_NOT_FOUND
                || result.stderr().toLowerCase(Locale.ROOT).contains("command not found");
    }
}
