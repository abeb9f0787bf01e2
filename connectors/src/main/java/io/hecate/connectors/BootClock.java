package io.hecate.connectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This host's time since boot, which no step of the wall clock moves (Linux's /proc), the same in every process of one
 * boot: what tells a living run owner from a dead one, and when a wait of a run ends, after the wall clock was stepped,
 * as NTP steps it on a host without a battery-backed clock that booted after a power loss with the time it last saved
 * (minutes to hours behind). Null where /proc does not tell.
 */
public final class BootClock {

    private static final Path UPTIME = Path.of("/proc/uptime");
    /** starttime's place among the fields of /proc/PID/stat that follow the command's name: field 22, the 20th after it. */
    private static final int START_TIME = 19;

    private BootClock() {
    }

    /** Milliseconds since this host booted. */
    public static Long uptimeMillis() {
        try {
            String uptime = Files.readString(UPTIME);
            return Math.round(Double.parseDouble(uptime.substring(0, uptime.indexOf(' '))) * 1000);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** When process {@code pid} started, in clock ticks since boot; null when it is gone (or /proc does not tell). */
    public static Long startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command's name, in parentheses, may hold spaces and parentheses itself
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[START_TIME]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
