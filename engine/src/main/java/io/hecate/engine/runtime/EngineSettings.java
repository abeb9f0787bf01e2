package io.hecate.engine.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What the engine needs from the outside: where its database lives, the delegates by bean name (the
 * workflows module provides them), the built-in BPMN and the operator's override directory (nullable).
 */
public record EngineSettings(Path engineDir, Map<String, Object> delegates, List<WorkflowResource> builtInWorkflows,
        Path overrideDir, Clock clock) {
}
