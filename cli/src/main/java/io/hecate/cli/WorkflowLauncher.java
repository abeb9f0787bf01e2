package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.engine.runtime.RunFollower;
import io.hecate.engine.runtime.RunIds;
import io.hecate.engine.runtime.RunVariables;
import io.hecate.workflows.WorkflowRuntime;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Starts a workflow in an engine of its own, prints it stage by stage, and turns its outcome into an exit code. */
final class WorkflowLauncher {

    private static final Duration FOLLOW_LIMIT = Duration.ofHours(6);

    private WorkflowLauncher() {
    }

    static int launch(HecateConfig config, String workflow, String trigger, String mode, boolean execute, String reason,
            PrintWriter out) throws InterruptedException {
        return launch(config, workflow, trigger, mode, execute, reason, Map.of(), out);
    }

    /** {@code extra}: the workflow's own run facts (primitives only, never secrets), e.g. a forced Flux branch. */
    static int launch(HecateConfig config, String workflow, String trigger, String mode, boolean execute, String reason,
            Map<String, Object> extra, PrintWriter out) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        String runId = RunIds.next(clock);
        out.printf("hecate %s: %s, run %s%n", workflow, execute ? "EXECUTING" : "dry run (nothing is touched; add --execute to act)", runId);
        out.flush();
        try (HecateEngine engine = WorkflowRuntime.open(config, clock)) {
            Map<String, Object> variables = new HashMap<>(extra);
            variables.put(RunVariables.RUN_ID, runId);
            variables.put(RunVariables.TRIGGER, trigger);
            variables.put(RunVariables.MODE, mode);
            variables.put(RunVariables.EXECUTE, execute);
            if (reason != null) {
                variables.put(RunVariables.REASON, reason);
            }
            engine.start(workflow, variables);
            engine.startJobExecutor();
            RunRecord run = new RunFollower(engine.history()).follow(runId, FOLLOW_LIMIT, new RunConsole(out));
            if (run == null || run.running()) {
                throw new RunFailedException("run " + runId + " did not finish within " + FOLLOW_LIMIT.toHours() + " h");
            }
            if (!RunRecord.SUCCEEDED.equals(run.outcome())) {
                throw new RunFailedException("run " + runId + " " + run.outcome() + (run.detail() == null ? "" : ": " + run.detail())
                        + "; see 'hecate runs show " + runId + "'");
            }
            out.printf("timeline: hecate runs show %s --config %s%n", runId, config.file());
            return ExitCodes.OK;
        }
    }
}
