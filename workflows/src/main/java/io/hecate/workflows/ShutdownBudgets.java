package io.hecate.workflows;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.Budget;
import io.hecate.engine.history.BudgetEstimator;
import io.hecate.engine.history.RunHistory;
import java.util.Set;

/**
 * The two shutdown budgets: the full one learned from every successful executed full shutdown, the emergency
 * one from emergency shutdowns a power event started ({@link Trigger#POWER}); the config's values until
 * {@code shutdown.budget_learning_min_samples} such runs exist.
 */
public final class ShutdownBudgets {

    private final BudgetEstimator estimator;
    private final HecateConfig.Shutdown shutdown;

    public ShutdownBudgets(RunHistory history, HecateConfig.Shutdown shutdown) {
        this.estimator = new BudgetEstimator(history, shutdown.budgetLearningMinSamples());
        this.shutdown = shutdown;
    }

    public Budget full() {
        return estimator.estimate(HecateWorkflows.SHUTDOWN, Set.of(), shutdown.estimatedShutdownBudget());
    }

    public Budget emergency() {
        return estimator.estimate(HecateWorkflows.EMERGENCY_SHUTDOWN, Trigger.powerWires(), shutdown.estimatedEmergencyShutdownBudget());
    }
}
