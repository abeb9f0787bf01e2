package io.hecate.workflows;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.runtime.EngineDatabase;
import io.hecate.engine.runtime.EngineSettings;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.engine.runtime.WorkflowCatalog;
import io.hecate.engine.runtime.WorkflowValidator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Boots the engine for a loaded config with Hecate's delegates and BPMN (or the operator's overrides). */
public final class WorkflowRuntime {

    private WorkflowRuntime() {
    }

    /**
     * The built-in BPMN with the overrides of {@code overrideDir} (nullable), each file parsed and checked once; the
     * one check that {@code hecate workflows validate}, every run command and the daemon make before anything runs.
     * @throws io.hecate.engine.runtime.WorkflowException naming the file, the element and the fix
     */
    public static WorkflowCatalog catalog(Path overrideDir) {
        return WorkflowCatalog.of(HecateWorkflows.builtIn(), overrideDir, new WorkflowValidator(HecateWorkflows.DELEGATE_NAMES,
                HecateWorkflows.VARIABLE_NAMES));
    }

    public static HecateEngine open(HecateConfig config, Clock clock) {
        return open(config, catalog(config.workflows().dir()), clock);
    }

    /** Opens the engine with a catalog already checked (so the BPMN is not parsed twice). */
    public static HecateEngine open(HecateConfig config, WorkflowCatalog workflows, Clock clock) {
        return open(config, workflows, new WorkflowContext(config, clock));
    }

    /**
     * Opens the engine on a context the caller keeps (the daemon warms the SSH sessions of its runs through it);
     * the engine closes the context, also when it fails to start.
     */
    public static HecateEngine open(HecateConfig config, WorkflowContext context) {
        return open(config, catalog(config.workflows().dir()), context);
    }

    /**
     * An engine over databases in this process's memory, for the emergency shutdown when the state dir cannot be
     * written ({@link io.hecate.engine.history.UnwritableStateDir}): the nodes are stopped and powered off all the same,
     * and nothing of the run outlives this process (no history row, no learned budget, no resume after a crash).
     */
    public static HecateEngine openUnrecorded(HecateConfig config, WorkflowCatalog workflows, Clock clock) {
        String name = "unrecorded-" + UUID.randomUUID();
        String historyUrl = EngineDatabase.inMemoryUrl(name + "-history");
        WorkflowContext context = new WorkflowContext(config, clock, historyUrl);
        return start(context, c -> new EngineSettings(EngineDatabase.inMemoryUrl(name), historyUrl, Optional.empty(),
                HecateWorkflows.delegates(c), workflows, clock, c));
    }

    private static HecateEngine open(HecateConfig config, WorkflowCatalog workflows, WorkflowContext context) {
        return start(context, c -> new EngineSettings(config.engineDir(), HecateWorkflows.delegates(c), workflows, c.clock(), c));
    }

    private static HecateEngine start(WorkflowContext context, Function<WorkflowContext, EngineSettings> settings) {
        try {
            return HecateEngine.start(settings.apply(context));
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }
}
