package io.hecate.engine.history;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Ends every running run whose owner is gone as {@code interrupted}, naming the stage it stopped in. Cheap (one
 * query for the running runs), so every command runs it before it reads or decides: an orphan is seen within
 * seconds of its owner's death by whoever looks first. A run cut by a restart of this host is closed for good
 * (never resumed); any other orphan stays resumable until {@code runs resume}, {@code runs abort} or a run that
 * supersedes it.
 */
public final class OrphanSweep {

    private final RunHistory history;
    private final OwnerLiveness liveness;
    private final Clock clock;

    public OrphanSweep(RunHistory history, Clock clock) {
        this(history, new OwnerLiveness(clock), clock);
    }

    public OrphanSweep(RunHistory history, OwnerLiveness liveness, Clock clock) {
        this.history = history;
        this.liveness = liveness;
        this.clock = clock;
    }

    /** @return the runs this call ended, as they are now recorded */
    public List<RunRecord> sweep() {
        List<RunRecord> ended = new ArrayList<>();
        for (RunRecord run : history.runningRuns()) {
            Optional<RunOwner> owner = history.owner(run.ownerToken());
            OwnerLiveness.State state = liveness.of(owner);
            if (state == OwnerLiveness.State.ALIVE) {
                continue;
            }
            String who = owner.map(RunOwner::describe).orElse("an unrecorded process");
            boolean restarted = state == OwnerLiveness.State.HOST_RESTARTED;
            String detail = restarted
                    ? "host restarted: the run of " + who + " was cut " + stoppedIn(run.runId()) + "; it is closed, never resumed"
                    : "its owner (" + who + ") is gone; stopped " + stoppedIn(run.runId());
            if (history.runInterrupted(run.runId(), detail, !restarted, clock.instant())) {
                history.run(run.runId()).ifPresent(ended::add);
            }
        }
        return ended;
    }

    /** "in stage X (name)" for the stage that was open, else after the last one that ended. */
    public String stoppedIn(String runId) {
        List<StageRecord> stages = history.stages(runId);
        Optional<StageRecord> open = stages.stream().filter(s -> s.ended() == null).max(Comparator.comparingLong(StageRecord::id));
        if (open.isPresent()) {
            return "in stage " + label(open.get());
        }
        return stages.isEmpty() ? "before its first stage" : "after stage " + label(stages.get(stages.size() - 1));
    }

    private static String label(StageRecord stage) {
        return stage.stage() + (stage.name() == null ? "" : " (" + stage.name() + ")");
    }
}
