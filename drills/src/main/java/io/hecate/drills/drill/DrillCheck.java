package io.hecate.drills.drill;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The checks of one drill: each prints ok or FAIL with what was seen; {@link #verdict()} fails loudly on any miss. */
final class DrillCheck {

    private final String drill;
    private final PrintWriter out;
    private final List<String> failed = new ArrayList<>();
    private int checks;

    DrillCheck(String drill, PrintWriter out) {
        this.drill = drill;
        this.out = out;
    }

    /** @param seen what was found instead, for the failure message (ignored when {@code ok}) */
    void expect(String expected, boolean ok, String seen) {
        checks++;
        out.printf("  %s %s%s%n", ok ? "ok  " : "FAIL", expected, ok ? "" : ": saw " + seen);
        out.flush();
        if (!ok) {
            failed.add("expected " + expected + ", saw " + seen);
        }
    }

    void verdict() {
        if (!failed.isEmpty()) {
            throw new DrillFailure(drill + ": recovery not verified, " + failed.size() + " of " + checks
                    + " checks failed: " + String.join("; ", failed));
        }
    }
}
