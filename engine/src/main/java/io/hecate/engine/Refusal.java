package io.hecate.engine;

/** A guard refused to act (peer role, UPS on battery, shutdown intent active). Exit code 3. */
public final class Refusal extends RuntimeException {

    public Refusal(String message) {
        super(message);
    }
}
