package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.Budget;
import io.hecate.engine.history.BudgetEstimator;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.intent.IntentReading;
import io.hecate.engine.intent.IntentStore;
import io.hecate.workflows.HecateWorkflows;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Role, intent, shutdown budgets and last runs; reads files and H2 directly (no engine boot).")
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
        IntentReading intent = new IntentStore(cfg.intentFile()).read();
        Optional<RunHistory> history = HistoryAccess.open(cfg);
        Map<String, Budget> budgets = budgets(cfg, history);
        List<RunRecord> runs = history.map(h -> h.runs(LAST_RUNS)).orElse(List.of());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("cluster", cfg.clusterName());
            status.put("role", cfg.coordination().role());
            status.put("intent", intent.intent().orElse(null));
            status.put("intent_problem", intent.problem());
            status.put("budgets", budgets);
            status.put("trigger_runtime_seconds", triggerSeconds(cfg, budgets));
            status.put("last_runs", runs);
            Json.print(out, status);
            return ExitCodes.OK;
        }
        out.printf("cluster   %s (%s)%n", cfg.clusterName(), cfg.coordination().role());
        out.printf("intent    %s%n", intent.describe());
        budgets.forEach((name, budget) -> out.printf("budget    %-9s %4d s  (%s, %d samples)%n", name, budget.value().toSeconds(),
                budget.source().name().toLowerCase(), budget.samples()));
        out.printf("trigger   on battery and runtime <= %.2f x %d s = %d s%n", cfg.ups().runtimeSafetyFactor(),
                budgets.get("emergency").value().toSeconds(), triggerSeconds(cfg, budgets));
        if (runs.isEmpty()) {
            out.println("runs      none recorded yet");
        }
        for (RunRecord run : runs) {
            out.printf("run       %s  %-27s %-9s %s%s%n", run.runId(), run.workflow(), run.outcome(), RunConsole.seconds(run.duration()),
                    run.executed() ? "" : " (dry run)");
        }
        return ExitCodes.OK;
    }

    private static Map<String, Budget> budgets(HecateConfig cfg, Optional<RunHistory> history) {
        Map<String, Budget> budgets = new LinkedHashMap<>();
        var shutdown = cfg.shutdown();
        if (history.isEmpty()) {
            budgets.put("full", new Budget(shutdown.estimatedShutdownBudget(), 0, Budget.Source.CONFIG));
            budgets.put("emergency", new Budget(shutdown.estimatedEmergencyShutdownBudget(), 0, Budget.Source.CONFIG));
            return budgets;
        }
        BudgetEstimator estimator = new BudgetEstimator(history.get(), shutdown.budgetLearningMinSamples());
        budgets.put("full", estimator.estimate(HecateWorkflows.SHUTDOWN, null, shutdown.estimatedShutdownBudget()));
        budgets.put("emergency", estimator.estimate(HecateWorkflows.EMERGENCY_SHUTDOWN, "ups", shutdown.estimatedEmergencyShutdownBudget()));
        return budgets;
    }

    private static long triggerSeconds(HecateConfig cfg, Map<String, Budget> budgets) {
        return Math.round(cfg.ups().runtimeSafetyFactor() * budgets.get("emergency").value().toSeconds());
    }
}
