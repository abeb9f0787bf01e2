package io.hecate.cli;

import io.hecate.connectors.Futures;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.intent.IntentReading;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.power.UpsSample;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
        // the history's read (H2's start, most of this command) overlaps the UPS, coordinator and intent reads
        CompletableFuture<StatusReport.Recorded> recorded = Futures.started("history-read", () -> readRecorded(cfg));
        UpsSample ups = StatusReport.readUps(cfg.ups());
        CoordinatorReach coordinator = StatusReport.coordinator(cfg);
        IntentReading intent = new IntentStore(cfg.intentFile()).read();
        StatusReport report = StatusReport.read(cfg, Futures.joined(recorded), ups, coordinator, intent, daemon.unanswered());
        CommandOutput.print(out, json ? Json.text(report.json()) : report.text());
        return ExitCodes.OK;
    }

    private static StatusReport.Recorded readRecorded(HecateConfig cfg) {
        Optional<RunHistory> history = HistoryAccess.openForOneRead(cfg);
        try {
            return StatusReport.Recorded.read(cfg, history);
        } finally {
            history.ifPresent(RunHistory::close);
        }
    }
}
