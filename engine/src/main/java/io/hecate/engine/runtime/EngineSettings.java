package io.hecate.engine.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the engine needs from the outside: where its database lives, the delegates by bean name (the
 * workflows module provides them), the validated BPMN to deploy (built-in with the operator's overrides), and
 * what the delegates hold open (SSH sessions, API clients), closed after the engine.
 */
public record EngineSettings(Path engineDir, Map<String, Object> delegates, WorkflowCatalog workflows, Clock clock,
        AutoCloseable delegateResources) {

    public EngineSettings(Path engineDir, Map<String, Object> delegates, WorkflowCatalog workflows, Clock clock) {
        this(engineDir, delegates, workflows, clock, () -> { });
    }
}
