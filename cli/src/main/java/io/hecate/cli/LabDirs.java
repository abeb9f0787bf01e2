package io.hecate.cli;

import io.hecate.engine.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Removes a temporary lab directory the CLI made: it holds a private SSH key, so it must not linger. */
final class LabDirs {

    private LabDirs() {
    }

    static void delete(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the lab directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
