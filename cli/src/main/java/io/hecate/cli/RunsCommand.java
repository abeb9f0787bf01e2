package io.hecate.cli;

import io.hecate.cli.ui.RunJson;
import io.hecate.cli.ui.RunViewer;
import io.hecate.cli.ui.RunsPrintout;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "List recorded runs, newest first.",
        subcommands = {RunsCommand.Show.class, RunsResumeCommand.class, RunsAbortCommand.class})
final class RunsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    /** A peer's trigger is seconds before the start: milliseconds show the gap. */
    private static final DateTimeFormatter TRIGGER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    /** What {@code runs} and {@code runs show} print; the daemon's run viewer answers the same ({@link RunViewer}). */
    static final RunsPrintout PRINTOUT = new RunsPrintout() {
        @Override
        public String table(List<RunRecord> runs) {
            return RunsCommand.table(runs);
        }

        @Override
        public String json(List<RunRecord> runs) {
            return Json.text(RunJson.runs(runs));
        }

        @Override
        public String timeline(RunRecord run, List<StageRecord> stages, List<ActionRecord> actions) {
            return Show.timeline(run, stages, actions);
        }

        @Override
        public String json(RunRecord run, List<StageRecord> stages, List<ActionRecord> actions) {
            return Json.text(RunJson.detail(run, stages, actions));
        }
    };

    /** How many runs {@code runs} lists without {@code --limit} (also {@link QuickReads}'). */
    static final String DEFAULT_LIMIT = "20";

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--limit", defaultValue = DEFAULT_LIMIT, description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return print(config.load(), json, limit, spec.commandLine().getOut());
    }

    /** What {@code runs} prints, picocli's way or {@link QuickReads}'. */
    static int print(HecateConfig cfg, boolean json, int limit, PrintWriter out) {
        // a running daemon has the history open: asking it spares this process H2's start-up
        Optional<String> answer = limit < 1 || limit > RunViewer.MAX_RUNS ? Optional.empty()
                : DaemonPresence.of(cfg.stateDir()).ask((json ? "api/runs.json" : "api/runs.txt") + "?limit=" + limit);
        if (answer.isEmpty()) {
            List<RunRecord> runs = HistoryAccess.read(cfg, h -> Optional.of(h.runs(limit))).orElse(List.of());
            answer = Optional.of(json ? PRINTOUT.json(runs) : PRINTOUT.table(runs));
        }
        CommandOutput.print(out, answer.get());
        return ExitCodes.OK;
    }

    /** The table {@code runs} prints, newest first. */
    private static String table(List<RunRecord> runs) {
        if (runs.isEmpty()) {
            return "no runs recorded yet\n";
        }
        StringBuilder table = new StringBuilder(String.format("%-20s  %-27s  %-14s  %-9s  %-19s  %9s  %s%n",
                "RUN", "WORKFLOW", "TRIGGER", "MODE", "STARTED", "DURATION", "OUTCOME"));
        for (RunRecord run : runs) {
            table.append(String.format("%-20s  %-27s  %-14s  %-9s  %-19s  %9s  %s%s%n", run.runId(), run.workflow(),
                    run.trigger(), run.mode(), TIME.format(run.started()), RunConsole.seconds(run.duration()), run.outcome(),
                    RunConsole.notes(run)));
        }
        return table.toString();
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One run's stage-by-stage timeline.")
    static final class Show implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "RUN_ID", description = "The run, as the RUN column of 'hecate runs' shows it.")
        String runId;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return print(config.load(), runId, json, spec.commandLine().getOut());
        }

        /** What {@code runs show} prints, picocli's way or {@link QuickReads}'. */
        static int print(HecateConfig cfg, String runId, boolean json, PrintWriter out) {
            // the daemon answers from its open history; an unknown run (404) is read here, which says why
            Optional<String> answer = DaemonPresence.of(cfg.stateDir())
                    .ask("api/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + (json ? ".json" : ".txt"));
            if (answer.isEmpty()) {
                try (RunHistory history = HistoryAccess.openForOneRead(cfg)
                        .orElseThrow(() -> new BadInputException("no runs recorded yet"))) {
                    RunRecord run = history.run(runId).orElseThrow(() -> new BadInputException("no run " + runId + " in the history"));
                    List<StageRecord> stages = history.stages(runId);
                    List<ActionRecord> actions = history.actions(runId);
                    answer = Optional.of(json ? PRINTOUT.json(run, stages, actions) : PRINTOUT.timeline(run, stages, actions));
                }
            }
            CommandOutput.print(out, answer.get());
            return ExitCodes.OK;
        }

        private static String timeline(RunRecord run, List<StageRecord> stages, List<ActionRecord> actions) {
            StringWriter text = new StringWriter();
            PrintWriter out = new PrintWriter(text);
            out.printf("run %s  %s  %s%n", run.runId(), run.workflow(), RunConsole.describe(run));
            out.printf("started %s, %s after %s%s%n", TIME.format(run.started()), run.outcome(), RunConsole.seconds(run.duration()),
                    run.detail() == null ? "" : " (" + run.detail() + ")");
            if (run.triggeredAt() != null && !run.triggeredAt().equals(run.started())) {
                out.printf("triggered %s on the peer, %s before the start%s%n", TRIGGER_TIME.format(run.triggeredAt()),
                        RunConsole.seconds(Duration.between(run.triggeredAt(), run.started())),
                        run.ended() == null ? "" : "; " + RunConsole.seconds(run.sampleDuration()) + " from trigger to end");
            }
            out.printf("budget sample: %s%n", run.sample() ? "yes, " + RunConsole.seconds(run.sampleDuration())
                    : "no (only clean, executed, uninterrupted successes are)");
            out.println();
            new RunTimeline(out).print(run, stages, actions);
            out.flush();
            return text.toString();
        }
    }
}
