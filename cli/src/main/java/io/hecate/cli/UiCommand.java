package io.hecate.cli;

import io.hecate.cli.ui.RunViewer;
import io.hecate.engine.config.HecateConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"Serve the read-only run viewer on ui.listen without the daemon (no engine boot).",
            "The runs, each on the BPMN diagram it executed, and the budgets and UPS as status shows them (the UPS read",
            "live). Ctrl-C stops it."})
final class UiCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        HecateConfig cfg = config.load();
        PrintWriter out = spec.commandLine().getOut();
        try (RunViewer viewer = Listening.on(cfg, "ui.listen", cfg.ui().listen(), () -> RunViewer.serve(cfg.ui().listen(), cfg.engineDir(),
                StatusReport.panel(new LiveStatus(cfg)::report), RunsCommand.PRINTOUT))) {
            out.printf("hecate ui: run viewer on %s (read-only); Ctrl-C stops it%n", viewer.address());
            out.flush();
            untilStopped();
        }
        return ExitCodes.OK;
    }

    /** Blocks until SIGINT or SIGTERM. */
    static void untilStopped() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        stop.await();
    }
}
