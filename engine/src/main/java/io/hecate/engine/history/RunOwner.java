package io.hecate.engine.history;

import io.hecate.connectors.BootClock;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * Who carries runs: one engine in one process. {@code token} is unique per engine (the job executor acquires
 * only jobs carrying its own token); host, boot id and pid tell whether the owner still lives; the heartbeat
 * (written every second while the engine is open) covers an owner the pid cannot tell about. On this host the process
 * is known by when it started on the boot clock ({@code startTicks}) and the heartbeat by the boot clock too
 * ({@code heartbeatUptimeMillis}), so that a step of the wall clock does not make a living owner look dead
 * ({@link BootClock}); both are null for an owner an older Hecate recorded, or where /proc does not tell.
 */
public record RunOwner(long token, String host, String bootId, long pid, Instant started, Instant heartbeat, Long startTicks,
        Long heartbeatUptimeMillis) {

    /** An owner known by the wall clock alone. */
    public RunOwner(long token, String host, String bootId, long pid, Instant started, Instant heartbeat) {
        this(token, host, bootId, pid, started, heartbeat, null, null);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final Path HOST_NAME = Path.of("/proc/sys/kernel/hostname");

    /** A new owner for an engine of this process; tokens are positive so they never collide with a job's default 0. */
    public static RunOwner forThisProcess(Instant now) {
        long token = 1 + (RANDOM.nextLong() >>> 2);
        long pid = ProcessHandle.current().pid();
        return new RunOwner(token, thisHost(), thisBoot(), pid, now, now, BootClock.startTicks(pid), BootClock.uptimeMillis());
    }

    public String describe() {
        return "pid " + pid + " on " + host;
    }

    /** This host's boot id (changes at every boot), or "" where the system does not tell. */
    public static String thisBoot() {
        return read(BOOT_ID);
    }

    public static String thisHost() {
        String name = read(HOST_NAME);
        if (!name.isEmpty()) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
