package io.hecate.engine.intent;

import java.util.Optional;

/**
 * What reading intent.json gave: the intent, or why there is none. A missing file means no run ever set an
 * intent (treated as normal); a corrupt one is reported and treated as unknown, never silently as normal.
 */
public record IntentReading(Optional<Intent> intent, String problem) {

    public static IntentReading of(Intent intent) {
        return new IntentReading(Optional.of(intent), null);
    }

    public static IntentReading missing() {
        return new IntentReading(Optional.empty(), null);
    }

    public static IntentReading corrupt(String problem) {
        return new IntentReading(Optional.empty(), problem);
    }

    public boolean corrupt() {
        return problem != null;
    }

    /** The state to act on: missing means normal; corrupt stays unknown (empty). */
    public Optional<IntentState> effectiveState() {
        if (corrupt()) {
            return Optional.empty();
        }
        return Optional.of(intent.map(Intent::state).orElse(IntentState.NORMAL));
    }

    public String describe() {
        if (corrupt()) {
            return "unknown (" + problem + ")";
        }
        return intent.map(i -> i.state().wire() + " since " + i.time() + " (" + i.reason() + ", run " + i.runId() + ")")
                .orElse("normal (no intent file yet)");
    }
}
