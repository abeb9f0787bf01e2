package io.hecate.drills.drill;

import java.io.PrintWriter;

/**
 * A disruptive scenario: it breaks one thing, lets Hecate recover, and checks that recovery happened. A drill
 * never passes quietly: when recovery did not happen, {@link #run} throws a {@link DrillFailure} that says what.
 */
public interface Drill {

    /** The name to run it by, e.g. {@code flux-gitea-deadlock}. */
    String name();

    /** What the drill breaks (and what it refuses to break on a live cluster). */
    String breaks();

    /** What it checks after Hecate recovered. */
    String verifies();

    /** Runs the drill, printing each step and check to {@code out}. */
    void run(DrillTarget target, PrintWriter out) throws InterruptedException;
}
