package io.hecate.engine.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the engine needs from the outside: its database (the H2 file of the state dir; an in-memory URL for the
 * fast order tests), the delegates by bean name (the workflows module provides them), the validated BPMN to deploy
 * (built-in with the operator's overrides), and what the delegates hold open (SSH sessions, API clients), closed
 * after the engine.
 */
public record EngineSettings(String jdbcUrl, Map<String, Object> delegates, WorkflowCatalog workflows, Clock clock,
        AutoCloseable delegateResources) {

    public EngineSettings(Path engineDir, Map<String, Object> delegates, WorkflowCatalog workflows, Clock clock,
            AutoCloseable delegateResources) {
        this(EngineDatabase.jdbcUrl(engineDir), delegates, workflows, clock, delegateResources);
    }

    public EngineSettings(Path engineDir, Map<String, Object> delegates, WorkflowCatalog workflows, Clock clock) {
        this(engineDir, delegates, workflows, clock, () -> { });
    }
}
