package io.hecate.drills.drill;

/** A drill found that recovery did not happen (or could not run); the message says what was expected and seen. */
public final class DrillFailure extends RuntimeException {

    public DrillFailure(String message) {
        super(message);
    }
}
