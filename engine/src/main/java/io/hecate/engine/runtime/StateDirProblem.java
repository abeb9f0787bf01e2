package io.hecate.engine.runtime;

import io.hecate.engine.config.ConfigException;
import io.hecate.engine.history.UnwritableStateDir;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A state dir this process cannot use: most often the service's (root's, mode 0750 from the installer) reached by a
 * command run as a user outside its group. A problem of the config or of who runs the command (exit 2), named
 * with the directory and what to do, never "this is a bug".
 */
final class StateDirProblem {

    private StateDirProblem() {
    }

    /** {@code engineDir} (under state_dir) could not be looked into, or created (on a full or read-only file system: {@link UnwritableStateDir}). */
    static RuntimeException of(Path engineDir, String doing, IOException cause) {
        if (UnwritableStateDir.caused(cause)) {
            return UnwritableStateDir.seen(engineDir.getParent(), cause).orElseThrow();
        }
        String why = cause instanceof AccessDeniedException ? "permission denied"
                : cause instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : cause.toString();
        return new ConfigException("state_dir " + engineDir.getParent() + ": cannot " + doing + " " + engineDir + " (" + why
                + "); run hecate as the user that owns state_dir (the service runs as root), or set state_dir", cause);
    }
}
