package io.hecate.cli;

import io.hecate.cli.ui.RunJson;
import io.hecate.cli.ui.StatusPanel;
import io.hecate.connectors.nut.NutClient;
import io.hecate.connectors.nut.NutException;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.Budget;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.UnwritableStateDir;
import io.hecate.engine.intent.IntentReading;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.power.Decision;
import io.hecate.engine.power.PolicySettings;
import io.hecate.engine.power.PowerWatch;
import io.hecate.engine.power.TriggerPolicy;
import io.hecate.engine.power.UpsSample;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.ShutdownBudgets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What {@code hecate status} shows, read once: the UPS, the trigger threshold, the intent, the budgets, the last runs
 * and whether a daemon protects this state dir. The same reading gives the text, the JSON and the viewer's power panel,
 * whether the CLI read it itself or the daemon answered for it.
 */
final class StatusReport {

    private static final int LAST_RUNS = 5;

    private final HecateConfig cfg;
    private final UpsSample ups;
    private final CoordinatorReach coordinator;
    private final DaemonPresence daemon;
    private final IntentReading intent;
    private final Map<String, Budget> budgets;
    private final List<RunRecord> runs;
    private final Decision now;
    /** Why the state dir cannot take a run now (full, read-only), or null. */
    private final String stateDirProblem;

    private StatusReport(HecateConfig cfg, UpsSample ups, CoordinatorReach coordinator, DaemonPresence daemon, IntentReading intent,
            Map<String, Budget> budgets, List<RunRecord> runs, Decision now) {
        this.cfg = cfg;
        this.ups = ups;
        this.coordinator = coordinator;
        this.daemon = daemon;
        this.intent = intent;
        this.budgets = budgets;
        this.runs = runs;
        this.now = now;
        this.stateDirProblem = UnwritableStateDir.now(cfg.stateDir()).orElse(null);
    }

    /**
     * @param ups the UPS as read now, or the daemon's latest poll
     * @param coordinator a peer's view of its coordinator, null on a coordinator
     */
    static StatusReport read(HecateConfig cfg, Optional<RunHistory> history, UpsSample ups, CoordinatorReach coordinator,
            DaemonPresence daemon) {
        return read(cfg, Recorded.read(cfg, history), ups, coordinator, new IntentStore(cfg.intentFile()).read(), daemon);
    }

    /** As {@link #read(HecateConfig, Optional, UpsSample, CoordinatorReach, DaemonPresence)}, from the history and intent read before. */
    static StatusReport read(HecateConfig cfg, Recorded recorded, UpsSample ups, CoordinatorReach coordinator, IntentReading intent,
            DaemonPresence daemon) {
        // the daemon's own policy judges this one poll, so status and the daemon never disagree
        Decision now = new TriggerPolicy(PolicySettings.from(cfg.ups()))
                .decide(ups, recorded.budgets().get(RunMode.EMERGENCY.wire()).value());
        return new StatusReport(cfg, ups, coordinator, daemon, intent, recorded.budgets(), recorded.runs(), now);
    }

    /** What status shows of the history: the budgets (learned, or the config's without a history) and the last runs. */
    record Recorded(Map<String, Budget> budgets, List<RunRecord> runs) {

        static Recorded read(HecateConfig cfg, Optional<RunHistory> history) {
            return new Recorded(StatusReport.budgets(cfg, history), history.map(h -> h.runs(LAST_RUNS)).orElse(List.of()));
        }
    }

    /** A peer's view of its coordinator, null on a coordinator. */
    static CoordinatorReach coordinator(HecateConfig cfg) {
        return cfg.coordination().isPeer() ? CoordinatorReach.probe(cfg) : null;
    }

    /** One read, bounded by {@link Daemon#NUT_TIMEOUT}, seen as the daemon sees it (stale data is no data). */
    static UpsSample readUps(HecateConfig.Ups settings) {
        try (NutClient nut = new NutClient(Daemon.nutSettings(settings))) {
            return PowerWatch.sample(nut.read(), Instant.now(), settings.staleAfter());
        } catch (NutException e) {
            return PowerWatch.sample(e, Instant.now());
        }
    }

    /** Reports computed when asked, as the run viewer serves them. */
    static StatusPanel panel(Supplier<StatusReport> report) {
        return new StatusPanel() {
            @Override
            public String json() {
                return Json.text(report.get().json());
            }

            @Override
            public String text() {
                return report.get().text();
            }
        };
    }

    String text() {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        Budget emergency = emergency();
        out.printf("cluster   %s (%s)%n", cfg.clusterName(), cfg.coordination().role());
        out.printf("daemon    %s%n", daemon.describe());
        out.printf("ups       %s: %s%n", cfg.ups().target(), describe(ups));
        if (coordinator != null) {
            out.printf("coordinator %s%n", coordinator.describe());
        }
        out.printf("intent    %s%n", intent.describe());
        if (stateDirProblem != null) {
            out.printf("state     %s CANNOT TAKE A RUN (%s): runs are refused, an emergency shutdown runs unrecorded; free space"
                    + " there or make it writable%n", cfg.stateDir(), stateDirProblem);
        }
        budgets.forEach((name, budget) -> out.printf("budget    %-9s %4d s  (%s, %s)%n", name, budget.value().toSeconds(),
                budget.source().name().toLowerCase(Locale.ROOT), RunConsole.count(budget.samples(), "sample")));
        out.printf(Locale.ROOT, "trigger   on battery and runtime <= %.2f x %d s = %d s for %d consecutive polls; LB or FSD at once%n",
                cfg.ups().runtimeSafetyFactor(), emergency.value().toSeconds(), now.thresholdSeconds(), cfg.ups().debouncePolls());
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
        out.flush();
        return text.toString();
    }

    /** What {@code status --json} prints; the run viewer's power panel shows the same. */
    Map<String, Object> json() {
        long threshold = now.thresholdSeconds();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("cluster", cfg.clusterName());
        status.put("role", cfg.coordination().role());
        status.put("daemon", daemon.json());
        status.put("coordinator", coordinator == null ? null : coordinator.json());
        status.put("intent", intentJson(intent));
        status.put("intent_problem", intent.problem());
        status.put("state_dir_problem", stateDirProblem);
        status.put("budgets", budgetsJson(budgets));
        status.put("trigger_runtime_seconds", threshold);
        status.put("ups", upsJson(cfg.ups(), ups));
        status.put("trigger", triggerJson(cfg.ups(), emergency(), threshold, now));
        status.put("last_runs", RunJson.runs(runs));
        return status;
    }

    private Budget emergency() {
        return budgets.get(RunMode.EMERGENCY.wire());
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
