package io.hecate.engine.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the engine needs from the outside: its databases (Camunda's and the run history's H2 files of the state dir;
 * in-memory URLs for the fast order tests), the delegates by bean name (the workflows module provides them), the validated BPMN to deploy
 * (built-in with the operator's overrides), and what the delegates hold open (SSH sessions, API clients), closed
 * after the engine.
 */
public record EngineSettings(String jdbcUrl, String historyUrl, Map<String, Object> delegates, WorkflowCatalog workflows, Clock clock,
        AutoCloseable delegateResources) {

    public EngineSettings(Path engineDir, Map<String, Object> delegates, WorkflowCatalog workflows, Clock clock,
            AutoCloseable delegateResources) {
        this(EngineDatabase.jdbcUrl(engineDir), EngineDatabase.historyUrl(engineDir), delegates, workflows, clock, delegateResources);
    }

    public EngineSettings(Path engineDir, Map<String, Object> delegates, WorkflowCatalog workflows, Clock clock) {
        this(engineDir, delegates, workflows, clock, () -> { });
    }
}
