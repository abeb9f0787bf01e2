package io.hecate.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deletes a directory tree, deepest paths first. */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes {@code root} and everything under it; a root that does not exist is not an error. A path that cannot be
     * deleted does not stop the others from going.
     * @throws IOException naming the first path that could not be deleted, or the root when the tree cannot be read
     */
    public static void delete(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException e) {
            return; // the root itself: a path under it that cannot be read comes as an UncheckedIOException
        } catch (UncheckedIOException e) {
            throw new IOException("cannot read the tree " + root + " to delete it", e.getCause());
        }
        IOException failed = null;
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                if (failed == null) {
                    failed = new IOException("cannot delete " + path, e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** {@link #delete}, best effort: for a temporary directory, where one left behind is harmless. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
