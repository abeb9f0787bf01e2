package io.hecate.workflows.startup;

import io.hecate.engine.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Gitea's bootstrap manifests: where a usable set is, and the refresh of the cache after a good startup. */
public final class BootstrapManifests {

    private BootstrapManifests() {
    }

    /** The directory when it holds at least one {@code *.yaml}/{@code *.yml} file. */
    public static Optional<Path> usable(Path dir) {
        return dir != null && !manifests(dir).isEmpty() ? Optional.of(dir) : Optional.empty();
    }

    /**
     * Replaces {@code cache} with the manifests of {@code source}: copied into a fresh sibling directory
     * first, then swapped in, so a crash never leaves a half-written cache. @return the files copied
     */
    public static List<Path> refresh(Path source, Path cache) {
        List<Path> files = manifests(source);
        Path parent = cache.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            Path fresh = Files.createTempDirectory(parent, ".bootstrap-cache");
            for (Path file : files) {
                Files.copy(file, fresh.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
            Path old = parent.resolve(".bootstrap-cache.old");
            FileTrees.delete(old);
            if (Files.exists(cache)) {
                Files.move(cache, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(fresh, cache, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.delete(old);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(cache + ": cannot refresh the bootstrap cache", e);
        }
    }

    private static List<Path> manifests(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list", e);
        }
    }
}
