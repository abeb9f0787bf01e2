package io.hecate.cli;

import io.hecate.engine.Refusal;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunOwner;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.workflows.RunLifecycle;
import io.hecate.workflows.WorkflowRuntime;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "abort", mixinStandardHelpOptions = true,
        description = {"End an interrupted run for good: its process instance is deleted, the run recorded aborted, and an"
                + " intent it held set to aborted, so startup and shutdown may run again.",
            "Nothing is undone on the nodes: the output says where the run stopped."})
final class RunsAbortCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "RUN_ID", description = "The interrupted run, as 'hecate runs' lists it.")
    String runId;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why; kept in the run history and the intent file.")
    String reason;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HecateConfig cfg = config.load();
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try (HecateEngine engine = WorkflowRuntime.open(cfg, clock)) {
            new RunLifecycle(engine, cfg.stateDir(), clock).tidy(false);
            RunRecord run = engine.history().run(runId).orElseThrow(() -> new BadInputException("no run " + runId + " in the history"));
            if (run.running()) {
                throw new Refusal("run " + runId + " is running in " + engine.history().owner(run.ownerToken())
                        .map(RunOwner::describe).orElse("another process") + "; stop that process first (Ctrl-C), then abort");
            }
            if (!RunRecord.INTERRUPTED.equals(run.outcome())) {
                throw new BadInputException("run " + runId + " already ended " + run.outcome() + "; only an interrupted run can be aborted");
            }
            engine.end(run, RunRecord.ABORTED, "aborted by the operator: " + reason + " (it had " + run.detail() + ")");
            out.printf("run %s aborted; it had %s%n", runId, run.detail());
            IntentStore intents = new IntentStore(cfg.intentFile(), clock);
            if (run.executed() && intents.writeFor(runId, IntentState.ABORTED, "run " + runId + " aborted: " + reason).isPresent()) {
                out.printf("intent: aborted (startup and shutdown may run again; the cluster may be half way)%n");
            } else {
                out.printf("intent: unchanged, %s%n", intents.read().describe());
            }
            return ExitCodes.OK;
        }
    }
}
