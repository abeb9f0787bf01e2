package io.hecate.engine.history;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Learns a workflow's budget from its successful executed runs: the slowest of the latest {@value #WINDOW}
 * samples (a budget must cover a bad day, not an average one), once at least {@code minSamples} exist.
 */
public final class BudgetEstimator {

    static final int WINDOW = 20;

    private final RunHistory history;
    private final int minSamples;

    public BudgetEstimator(RunHistory history, int minSamples) {
        this.history = history;
        this.minSamples = minSamples;
    }

    /** @param triggers only runs with one of these triggers count (empty = any) */
    public Budget estimate(String workflow, Set<String> triggers, Duration configured) {
        List<Duration> samples = history.successfulDurations(workflow, triggers, WINDOW);
        if (samples.size() < minSamples) {
            return new Budget(configured, samples.size(), Budget.Source.CONFIG);
        }
        Duration slowest = samples.stream().max(Comparator.naturalOrder()).orElseThrow();
        return new Budget(ceilToSecond(slowest), samples.size(), Budget.Source.LEARNED);
    }

    private static Duration ceilToSecond(Duration d) {
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
