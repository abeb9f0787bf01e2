package io.hecate.workflows;

import java.util.Arrays;

/** How a run goes about its workflow; {@link #wire()} is the {@code mode} run variable and what the history shows. */
public enum RunMode {

    /** The staged shutdown: snapshot, Flux, drain, agents before servers. */
    FULL("full"),
    /** The power emergency: every node at once, power off even when k3s did not stop in time. */
    EMERGENCY("emergency"),
    STARTUP("startup"),
    /** The etcd restore from a snapshot. */
    RESTORE("restore"),
    /** Lab drills: the staged workflows with lab-short waits. */
    DRILL("drill");

    private final String wire;

    RunMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException naming the value and the known modes */
    public static RunMode of(String wire) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(wire)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown run mode '" + wire + "', expected one of " + Arrays.stream(values()).map(RunMode::wire).toList()));
    }
}
