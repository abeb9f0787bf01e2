package io.hecate.cli;

import io.hecate.cli.ui.RunViewer;
import io.hecate.drills.demo.Demo;
import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunRecord;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Play one power outage on a simulated cluster, in this process (about 20 s).",
            "The UPS drains, the daemon's power watch starts the emergency shutdown, every node powers off, mains return,",
            "the staged startup runs; then the timeline, the runs and the run viewer's address for them."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--ui", description = "Keep serving the run viewer after the demo, until Ctrl-C.")
    boolean ui;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Demo.Report report = new Demo(out).run(this::showInViewer);
        return report.ok() ? ExitCodes.OK : ExitCodes.STAGE_FAILED;
    }

    private void showInViewer(Demo.Report report) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        HecateConfig config = ConfigLoader.load(report.configFile());
        try (RunViewer viewer = Listening.on(config, "ui.listen", config.ui().listen(), () -> RunViewer.serve(config.ui().listen(),
                config.engineDir(), StatusReport.panel(new LiveStatus(config)::report), RunsCommand.PRINTOUT))) {
            out.println();
            out.printf("Run viewer: %s%n", viewer.address());
            for (RunRecord run : report.runs()) {
                out.printf("  %sruns/%s%n", viewer.address(), URLEncoder.encode(run.runId(), StandardCharsets.UTF_8));
            }
            if (ui) {
                out.println("serving the run viewer until Ctrl-C");
                out.flush();
                UiCommand.untilStopped();
            } else {
                out.println("(it stops with the demo; `hecate demo --ui` keeps it serving until Ctrl-C)");
            }
        }
    }
}
