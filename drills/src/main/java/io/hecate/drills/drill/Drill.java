package io.hecate.drills.drill;

/**
 * A disruptive scenario: it breaks one thing, lets Hecate recover, and checks that recovery happened. A drill
 * never passes quietly: when recovery did not happen, {@link #run} throws a {@link DrillFailure} that says what.
 */
public interface Drill {

    /** The name to run it by, e.g. {@code flux-gitea-deadlock}. */
    String name();

    /** What the drill breaks. */
    String breaks();

    /** What it checks after Hecate recovered. */
    String verifies();

    void run(DrillTarget target) throws InterruptedException;
}
