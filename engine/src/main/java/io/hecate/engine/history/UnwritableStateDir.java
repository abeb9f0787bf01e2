package io.hecate.engine.history;

import io.hecate.connectors.Causes;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A state dir whose file system refuses writes: full (most often: the host's root file system filled by logs or
 * images), read-only (remounted so after an I/O error) or over quota. Then no engine boots over its files and no run is
 * recorded; the emergency shutdown runs all the same, unrecorded ({@link io.hecate.engine.runtime.EngineDatabase#inMemoryUrl}),
 * every other run is refused with this (exit 2, not "this is a bug"). Seen from the failure's causes (the reason the
 * OS gave, as Java words it) or, when a library kept that from its message, from the file system itself.
 */
public final class UnwritableStateDir extends RuntimeException {

    /** Below this, a file system H2 failed to write counts as full although its message no longer says so. */
    static final long NEARLY_FULL_BYTES = 16L << 20;
    private static final List<String> REASONS = List.of("No space left on device", "Read-only file system", "Disk quota exceeded");

    private final String reason;

    private UnwritableStateDir(Path stateDir, String reason, Throwable cause) {
        super("state_dir " + stateDir + " cannot be written (" + reason + "): no run can be recorded; free space on its file"
                + " system (or make it writable) and run again; an emergency shutdown (shutdown --emergency --execute, the"
                + " daemon's) still runs, unrecorded", cause);
        this.reason = reason;
    }

    /** What the OS said: "No space left on device", "Read-only file system", ... */
    public String reason() {
        return reason;
    }

    /** Whether the OS's refusal to write is among the failure's causes. */
    public static boolean caused(Throwable failure) {
        return said(failure).isPresent();
    }

    /**
     * {@code failure} as the state dir refusing writes, when it is: a cause says so, or the file system under
     * {@code stateDir} is read-only or (nearly) full now.
     */
    public static Optional<UnwritableStateDir> seen(Path stateDir, Throwable failure) {
        if (failure instanceof UnwritableStateDir known) {
            return Optional.of(known);
        }
        return said(failure).or(() -> now(stateDir)).map(reason -> new UnwritableStateDir(stateDir, reason, failure));
    }

    /** Bytes this process may still write on the state dir's file system; -1 when it cannot be asked. For the metrics. */
    public static long freeBytes(Path stateDir) {
        try {
            return Files.getFileStore(existing(stateDir)).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    private static Optional<String> said(Throwable failure) {
        return Causes.chain(failure).map(Throwable::getMessage).filter(Objects::nonNull)
                .flatMap(message -> REASONS.stream().filter(message::contains)).findFirst();
    }

    /**
     * Why the state dir cannot take a run now, seen from its file system alone: read-only, or less than 16 MiB free
     * (H2's files grow by chunks; a run writes tens of KB); empty when it can. For {@code hecate status} too.
     */
    public static Optional<String> now(Path stateDir) {
        try {
            FileStore store = Files.getFileStore(existing(stateDir));
            if (store.isReadOnly()) {
                return Optional.of(REASONS.get(1));
            }
            long free = store.getUsableSpace();
            return free < NEARLY_FULL_BYTES ? Optional.of("nearly full: " + (free >> 10) + " KiB free") : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The state dir, or the nearest directory above it that exists (a state dir not created yet). */
    private static Path existing(Path path) {
        Path at = path.toAbsolutePath();
        while (at.getParent() != null && !Files.exists(at)) {
            at = at.getParent();
        }
        return at;
    }
}
