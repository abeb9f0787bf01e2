package io.hecate.cli;

import io.hecate.cli.ui.RunJson;

import io.hecate.connectors.nut.NutClient;
import io.hecate.connectors.nut.NutException;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.Budget;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.intent.IntentReading;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.power.Decision;
import io.hecate.engine.power.PolicySettings;
import io.hecate.engine.power.PowerWatch;
import io.hecate.engine.power.TriggerPolicy;
import io.hecate.engine.power.UpsSample;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.ShutdownBudgets;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the UPS, trigger threshold, role, intent, shutdown budgets and last runs.",
            "Reads NUT, files and H2 directly (no engine boot). An unreachable UPS is shown, never an error."})
final class StatusCommand implements Callable<Integer> {

    private static final int LAST_RUNS = 5;

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HecateConfig cfg = config.load();
        UpsSample ups = readUps(cfg.ups());
        CoordinatorReach coordinator = cfg.coordination().isPeer() ? CoordinatorReach.probe(cfg) : null;
        PrintWriter out = spec.commandLine().getOut();
        Reading reading;
        Optional<RunHistory> history = HistoryAccess.open(cfg);
        try {
            if (json) {
                Json.print(out, json(cfg, history, ups, coordinator));
                return ExitCodes.OK;
            }
            reading = Reading.of(cfg, history, ups);
        } finally {
            history.ifPresent(RunHistory::close);
        }
        IntentReading intent = reading.intent();
        Budget emergency = reading.emergency();
        Decision now = reading.now();
        long threshold = now.thresholdSeconds();
        List<RunRecord> runs = reading.runs();
        out.printf("cluster   %s (%s)%n", cfg.clusterName(), cfg.coordination().role());
        out.printf("ups       %s: %s%n", cfg.ups().target(), describe(ups));
        if (coordinator != null) {
            out.printf("coordinator %s%n", coordinator.describe());
        }
        out.printf("intent    %s%n", intent.describe());
        reading.budgets().forEach((name, budget) -> out.printf("budget    %-9s %4d s  (%s, %s)%n", name, budget.value().toSeconds(),
                budget.source().name().toLowerCase(Locale.ROOT), RunConsole.count(budget.samples(), "sample")));
        out.printf(Locale.ROOT, "trigger   on battery and runtime <= %.2f x %d s = %d s for %d consecutive polls; LB or FSD at once%n",
                cfg.ups().runtimeSafetyFactor(), emergency.value().toSeconds(), threshold, cfg.ups().debouncePolls());
        out.printf("polls     every %d s, every %d s on battery; no data for %d s after on battery also triggers%n",
                cfg.ups().pollInterval().toSeconds(), cfg.ups().onBatteryPollInterval().toSeconds(),
                cfg.ups().deadTime().toSeconds());
        out.printf("now       %s%n", describe(now));
        if (runs.isEmpty()) {
            out.println("runs      none recorded yet");
        }
        for (RunRecord run : runs) {
            out.printf("run       %s  %-27s %-11s %s%s%n", run.runId(), run.workflow(), run.outcome(), RunConsole.seconds(run.duration()),
                    RunConsole.notes(run));
        }
        return ExitCodes.OK;
    }

    /**
     * What {@code status --json} prints for these UPS readings; the run viewer's power panel shows the same.
     * @param coordinator a peer's view of its coordinator, null on a coordinator (or when not probed)
     */
    static Map<String, Object> json(HecateConfig cfg, Optional<RunHistory> history, UpsSample ups, CoordinatorReach coordinator) {
        Reading reading = Reading.of(cfg, history, ups);
        long threshold = reading.now().thresholdSeconds();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("cluster", cfg.clusterName());
        status.put("role", cfg.coordination().role());
        status.put("coordinator", coordinator == null ? null : coordinator.json());
        status.put("intent", intentJson(reading.intent()));
        status.put("intent_problem", reading.intent().problem());
        status.put("budgets", budgetsJson(reading.budgets()));
        status.put("trigger_runtime_seconds", threshold);
        status.put("ups", upsJson(cfg.ups(), ups));
        status.put("trigger", triggerJson(cfg.ups(), reading.emergency(), threshold, reading.now()));
        status.put("last_runs", RunJson.runs(reading.runs()));
        return status;
    }

    /** What status reads once, for the text and the JSON alike. */
    private record Reading(IntentReading intent, Map<String, Budget> budgets, List<RunRecord> runs, Decision now) {

        static Reading of(HecateConfig cfg, Optional<RunHistory> history, UpsSample ups) {
            Map<String, Budget> budgets = StatusCommand.budgets(cfg, history);
            // the daemon's own policy judges this one poll, so status and the daemon never disagree
            Decision now = new TriggerPolicy(PolicySettings.from(cfg.ups())).decide(ups, budgets.get(RunMode.EMERGENCY.wire()).value());
            return new Reading(new IntentStore(cfg.intentFile()).read(), budgets,
                    history.map(h -> h.runs(LAST_RUNS)).orElse(List.of()), now);
        }

        Budget emergency() {
            return budgets.get(RunMode.EMERGENCY.wire());
        }
    }

    private static Map<String, Budget> budgets(HecateConfig cfg, Optional<RunHistory> history) {
        Map<String, Budget> budgets = new LinkedHashMap<>();
        var shutdown = cfg.shutdown();
        if (history.isEmpty()) {
            budgets.put(RunMode.FULL.wire(), new Budget(shutdown.estimatedShutdownBudget(), 0, Budget.Source.CONFIG));
            budgets.put(RunMode.EMERGENCY.wire(), new Budget(shutdown.estimatedEmergencyShutdownBudget(), 0, Budget.Source.CONFIG));
            return budgets;
        }
        ShutdownBudgets learned = new ShutdownBudgets(history.get(), shutdown);
        budgets.put(RunMode.FULL.wire(), learned.full());
        budgets.put(RunMode.EMERGENCY.wire(), learned.emergency());
        return budgets;
    }

    /** One read, bounded by {@link Daemon#NUT_TIMEOUT}, seen as the daemon sees it (stale data is no data). */
    static UpsSample readUps(HecateConfig.Ups settings) {
        try (NutClient nut = new NutClient(Daemon.nutSettings(settings))) {
            return PowerWatch.sample(nut.read(), Instant.now(), settings.staleAfter());
        } catch (NutException e) {
            return PowerWatch.sample(e, Instant.now());
        }
    }

    private static String describe(UpsSample ups) {
        if (!ups.reachable()) {
            return "no data: " + ups.problem();
        }
        return String.join(" ", new TreeSet<>(ups.flags()))
                + ", charge " + (ups.chargePercent().isPresent() ? Math.round(ups.chargePercent().getAsDouble()) + "%" : "unknown")
                + ", runtime " + (ups.runtimeSeconds().isPresent() ? ups.runtimeSeconds().getAsLong() + " s" : "unknown")
                + ", load " + (ups.loadPercent().isPresent() ? Math.round(ups.loadPercent().getAsDouble()) + "%" : "unknown");
    }

    /** What the daemon's policy makes of a poll like this one, as the first poll after a start. */
    private static String describe(Decision now) {
        return now.reason() + (now.trigger() ? ": triggers at once" : "");
    }

    /** The intent as intent.json writes it (state in its wire form), or null when no run ever set one. */
    private static Map<String, Object> intentJson(IntentReading reading) {
        return reading.intent().map(intent -> {
            Map<String, Object> json = new LinkedHashMap<String, Object>();
            json.put("state", intent.state().wire());
            json.put("reason", intent.reason());
            json.put("time", RunJson.timestamp(intent.time()));
            json.put("host", intent.host());
            json.put("run_id", intent.runId());
            return json;
        }).orElse(null);
    }

    private static Map<String, Object> budgetsJson(Map<String, Budget> budgets) {
        Map<String, Object> json = new LinkedHashMap<>();
        budgets.forEach((name, budget) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("seconds", budget.value().toSeconds());
            one.put("samples", budget.samples());
            one.put("source", budget.source().name().toLowerCase(Locale.ROOT));
            json.put(name, one);
        });
        return json;
    }

    private static Map<String, Object> upsJson(HecateConfig.Ups settings, UpsSample ups) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target", settings.target());
        json.put("reachable", ups.reachable());
        json.put("problem", ups.problem());
        json.put("status", new TreeSet<>(ups.flags()));
        json.put("charge_percent", ups.chargePercent().isPresent() ? ups.chargePercent().getAsDouble() : null);
        json.put("runtime_seconds", ups.runtimeSeconds().isPresent() ? ups.runtimeSeconds().getAsLong() : null);
        json.put("load_percent", ups.loadPercent().isPresent() ? ups.loadPercent().getAsDouble() : null);
        return json;
    }

    private static Map<String, Object> triggerJson(HecateConfig.Ups settings, Budget budget, long threshold, Decision now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("threshold_seconds", threshold);
        json.put("runtime_safety_factor", settings.runtimeSafetyFactor());
        json.put("budget_seconds", budget.value().toSeconds());
        json.put("budget_source", budget.source().name().toLowerCase(Locale.ROOT));
        json.put("debounce_polls", settings.debouncePolls());
        json.put("poll_interval_seconds", settings.pollInterval().toSeconds());
        json.put("on_battery_poll_interval_seconds", settings.onBatteryPollInterval().toSeconds());
        json.put("dead_time_seconds", settings.deadTime().toSeconds());
        json.put("now", describe(now));
        return json;
    }
}
