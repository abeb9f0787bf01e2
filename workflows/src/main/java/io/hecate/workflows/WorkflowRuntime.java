package io.hecate.workflows;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.runtime.EngineSettings;
import io.hecate.engine.runtime.HecateEngine;
import java.time.Clock;

/** Boots the engine for a loaded config with Hecate's delegates and BPMN (or the operator's overrides). */
public final class WorkflowRuntime {

    private WorkflowRuntime() {
    }

    public static HecateEngine open(HecateConfig config, Clock clock) {
        WorkflowContext context = new WorkflowContext(config, clock);
        try {
            return HecateEngine.start(new EngineSettings(config.engineDir(), HecateWorkflows.delegates(context),
                    HecateWorkflows.builtIn(), config.workflows().dir(), clock, context));
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }
}
