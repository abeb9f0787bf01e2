package io.hecate.workflows;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.runtime.EngineDatabase;
import io.hecate.workflows.stage.StageContext;
import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * What every delegate is built with: the loaded config (delegates read settings from it, never from
 * process variables, so the database holds no secrets), the intent file, the run history and the clock.
 */
public final class WorkflowContext {

    private final HecateConfig config;
    private final IntentStore intents;
    private final Clock clock;
    private RunHistory history;

    public WorkflowContext(HecateConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.intents = new IntentStore(config.intentFile(), clock);
    }

    public HecateConfig config() {
        return config;
    }

    public IntentStore intents() {
        return intents;
    }

    /** Opened on first use, so validating the BPMN before the engine boots touches no database. */
    public synchronized RunHistory history() {
        if (history == null) {
            history = new RunHistory(EngineDatabase.dataSource(config.engineDir()));
        }
        return history;
    }

    public Clock clock() {
        return clock;
    }

    public StageContext stage(DelegateExecution execution) {
        return StageContext.of(execution, history(), clock);
    }
}
