package io.hecate.cli;

import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.intent.IntentReading;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.workflows.HecateWorkflows;
import java.util.Optional;
import java.util.Set;

/**
 * Finds an executed shutdown (full or emergency) that is still running, so that a trigger never starts a
 * second one: first the run the intent file names while it says shutting_down, then the latest runs.
 * Dry runs do not count: they touch nothing.
 */
final class RunningShutdowns {

    private static final Set<String> SHUTDOWNS = Set.of(HecateWorkflows.SHUTDOWN, HecateWorkflows.EMERGENCY_SHUTDOWN);
    private static final int RECENT = 20;

    private RunningShutdowns() {
    }

    static Optional<RunRecord> find(RunHistory history, IntentStore intents) {
        IntentReading intent = intents.read();
        Optional<RunRecord> named = intent.intent()
                .filter(i -> i.state() == IntentState.SHUTTING_DOWN)
                .flatMap(i -> history.run(i.runId()))
                .filter(RunningShutdowns::runningShutdown);
        if (named.isPresent()) {
            return named;
        }
        return history.runs(RECENT).stream().filter(RunningShutdowns::runningShutdown).findFirst();
    }

    static String describe(RunRecord run) {
        return run.workflow() + " run " + run.runId() + " (trigger " + run.trigger() + ", started " + run.started() + ")";
    }

    private static boolean runningShutdown(RunRecord run) {
        return run.running() && run.executed() && SHUTDOWNS.contains(run.workflow());
    }
}
