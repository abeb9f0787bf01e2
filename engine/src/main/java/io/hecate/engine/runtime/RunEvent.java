package io.hecate.engine.runtime;

import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;

/** What a follower sees of a run, in order: stages starting and ending, actions, and the run's end. */
public sealed interface RunEvent {

    record StageStarted(StageRecord stage) implements RunEvent {
    }

    record StageEnded(StageRecord stage) implements RunEvent {
    }

    record Action(ActionRecord action) implements RunEvent {
    }

    record RunEnded(RunRecord run) implements RunEvent {
    }
}
