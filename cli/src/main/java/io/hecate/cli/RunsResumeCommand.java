package io.hecate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Finish an interrupted run (its process was killed or stopped with Ctrl-C on this boot) from the stage"
                + " it stopped in, in this process.",
            "The stages already done are not repeated; the resumed run never feeds the learned budgets."})
final class RunsResumeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "RUN_ID", description = "The interrupted run, as 'hecate runs' lists it.")
    String runId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        return WorkflowLauncher.resume(config.load(), runId, spec.commandLine().getOut());
    }
}
