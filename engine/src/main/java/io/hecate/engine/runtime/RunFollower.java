package io.hecate.engine.runtime;

import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.HistoryWrites;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows a run through the history tables (so it works whichever JVM executes the jobs) and hands each
 * new stage start, stage end, action and finally the run's end to a consumer. A write in this JVM wakes it at once
 * ({@link HistoryWrites}); another process's writes show within a poll.
 */
public final class RunFollower {

    private static final Duration POLL = Duration.ofMillis(100);

    private final RunHistory history;

    public RunFollower(RunHistory history) {
        this.history = history;
    }

    /** Blocks until the run ended or the timeout passed; returns the run as last seen. */
    public RunRecord follow(String runId, Duration timeout, Consumer<RunEvent> consumer) throws InterruptedException {
        Set<Long> started = new HashSet<>();
        Set<Long> ended = new HashSet<>();
        Set<Long> actions = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long writes = HistoryWrites.count();
            RunRecord run = history.run(runId).orElse(null);
            List<ActionRecord> newActions = history.actions(runId);
            List<StageRecord> stages = history.stages(runId);
            List<Instant> nextPass = nextPassStarts(stages);
            for (int i = 0; i < stages.size(); i++) {
                StageRecord stage = stages.get(i);
                if (started.add(stage.id())) {
                    consumer.accept(new RunEvent.StageStarted(stage));
                }
                emitActions(newActions, stage.stage(), nextPass.get(i), actions, consumer);
                if (stage.ended() != null && ended.add(stage.id())) {
                    consumer.accept(new RunEvent.StageEnded(stage));
                }
            }
            emitActions(newActions, null, null, actions, consumer);
            if (run != null && !run.running()) {
                consumer.accept(new RunEvent.RunEnded(run));
                return run;
            }
            if (System.nanoTime() > deadline) {
                return run;
            }
            HistoryWrites.awaitAfter(writes, POLL);
        }
    }

    /**
     * For each stage row, when the next row of the same stage and node (a loop's next pass) started, or null: an
     * action belongs to the pass it was recorded in, so it follows that pass's start and not an earlier one.
     */
    private static List<Instant> nextPassStarts(List<StageRecord> stages) {
        Instant[] next = new Instant[stages.size()];
        Map<List<String>, Instant> later = new HashMap<>();
        for (int i = stages.size() - 1; i >= 0; i--) {
            StageRecord stage = stages.get(i);
            next[i] = later.put(Arrays.asList(stage.stage(), stage.node()), stage.started());
        }
        return Arrays.asList(next);
    }

    private static void emitActions(List<ActionRecord> all, String stage, Instant before, Set<Long> seen,
            Consumer<RunEvent> consumer) {
        for (ActionRecord action : all) {
            if ((stage == null || stage.equals(action.stage())) && (before == null || action.at().isBefore(before))
                    && seen.add(action.id())) {
                consumer.accept(new RunEvent.Action(action));
            }
        }
    }
}
