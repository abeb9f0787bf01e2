package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.power.UpsSample;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the daemon, the UPS, trigger threshold, role, intent, shutdown budgets and last runs.",
            "Asks the daemon when it runs (its latest poll); else reads NUT, files and H2 directly (no engine boot).",
            "An unreachable UPS or daemon is shown, never an error."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return print(config.load(), json, spec.commandLine().getOut());
    }

    /** What {@code status} prints, picocli's way or {@link QuickReads}'. */
    static int print(HecateConfig cfg, boolean json, PrintWriter out) {
        DaemonPresence daemon = DaemonPresence.of(cfg.stateDir());
        Optional<String> answer = daemon.ask(json ? "api/status" : "api/status.txt");
        if (answer.isPresent()) {
            CommandOutput.print(out, answer.get());
            return ExitCodes.OK;
        }
        UpsSample ups = StatusReport.readUps(cfg.ups());
        CoordinatorReach coordinator = StatusReport.coordinator(cfg);
        StatusReport report;
        // opened after the network reads, so the file is held only for the history's own read
        Optional<RunHistory> history = HistoryAccess.openForOneRead(cfg);
        try {
            report = StatusReport.read(cfg, history, ups, coordinator, daemon.unanswered());
        } finally {
            history.ifPresent(RunHistory::close);
        }
        CommandOutput.print(out, json ? Json.text(report.json()) : report.text());
        return ExitCodes.OK;
    }
}
