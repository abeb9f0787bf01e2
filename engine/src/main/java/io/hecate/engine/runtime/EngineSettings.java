package io.hecate.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine needs from the outside: its databases (Camunda's and the run history's H2 files of the state dir;
 * in-memory URLs for the fast order tests), the delegates by bean name (the workflows module provides them), the
 * validated BPMN to deploy (built-in with the operator's overrides), and what the delegates hold open (SSH sessions,
 * API clients), closed after the engine. Engines over the same files boot one at a time, under {@code bootLock}
 * (none for an in-memory database, which one engine alone opens).
 */
public record EngineSettings(String jdbcUrl, String historyUrl, Optional<Path> bootLock, Map<String, Object> delegates,
        WorkflowCatalog workflows, Clock clock, AutoCloseable delegateResources) {

    private static final String BOOT_LOCK = ".boot.lock";

    /**
     * Over the H2 files in {@code engineDir}, which this creates: the engine opens both files at once, and H2 fails one of
     * two opens that create the same directory together.
     */
    public EngineSettings(Path engineDir, Map<String, Object> delegates, WorkflowCatalog workflows, Clock clock,
            AutoCloseable delegateResources) {
        this(EngineDatabase.jdbcUrl(created(engineDir)), EngineDatabase.historyUrl(engineDir), Optional.of(engineDir.resolve(BOOT_LOCK)),
                delegates, workflows, clock, delegateResources);
    }

    public EngineSettings(Path engineDir, Map<String, Object> delegates, WorkflowCatalog workflows, Clock clock) {
        this(engineDir, delegates, workflows, clock, () -> { });
    }

    /** The directory of the two H2 files, beside their boot lock; none for in-memory databases. */
    public Optional<Path> engineDir() {
        return bootLock.map(Path::getParent);
    }

    private static Path created(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw StateDirProblem.of(directory, "create the engine's directory", e);
        }
    }
}
