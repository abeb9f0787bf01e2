package io.hecate.cli;

import io.hecate.drills.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Play one power outage on a simulated cluster, in this process (about 20 s).",
            "The UPS drains, the daemon's power watch starts the emergency shutdown, every node powers off, mains return,",
            "the staged startup runs; then the timeline and the runs."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Demo.Report report = new Demo(spec.commandLine().getOut()).run();
        return report.ok() ? ExitCodes.OK : ExitCodes.STAGE_FAILED;
    }
}
