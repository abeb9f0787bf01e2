package io.hecate.engine.metrics;

import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import io.hecate.engine.history.UnwritableStateDir;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feeds {@link HecateMetrics} from the run history, the intent file and the space left on the state dir's file system,
 * whichever JVM ran the runs: each executed run that has ended is counted once, in start order, with its duration and
 * the wall time of each stage (the slowest node where a stage works per node). The first refresh counts the whole
 * history, so the counter stays monotonic across daemon restarts. Dry runs are not counted: the metrics are about power.
 */
public final class RunMetrics {

    private static final int WHOLE_HISTORY = 100_000;
    private static final int RECENT = 50;
    static final String UNKNOWN_INTENT = "unknown";

    private final RunHistory history;
    private final IntentStore intents;
    private final HecateMetrics metrics;
    private final Set<String> counted = new HashSet<>();
    private boolean loaded;

    public RunMetrics(RunHistory history, IntentStore intents, HecateMetrics metrics) {
        this.history = history;
        this.intents = intents;
        this.metrics = metrics;
    }

    public synchronized void refresh() {
        // first: a full file system is what keeps the history below from being read
        metrics.stateDirFree(UnwritableStateDir.freeBytes(intents.file().toAbsolutePath().getParent()));
        metrics.intent(intents.read().effectiveState().map(IntentState::wire).orElse(UNKNOWN_INTENT));
        List<RunRecord> newestFirst = history.runs(loaded ? RECENT : WHOLE_HISTORY);
        loaded = true;
        List<RunRecord> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        for (RunRecord run : oldestFirst) {
            if (run.executed() && !run.running() && counted.add(run.runId())) {
                metrics.runFinished(run.workflow(), run.outcome(), run.duration());
                stageDurations(run.runId()).forEach((stage, took) -> metrics.stageDuration(run.workflow(), stage, took));
            }
        }
    }

    private Map<String, Duration> stageDurations(String runId) {
        Map<String, Duration> slowest = new LinkedHashMap<>();
        for (StageRecord stage : history.stages(runId)) {
            if (stage.duration() != null) {
                slowest.merge(stage.stage(), stage.duration(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        return slowest;
    }
}
