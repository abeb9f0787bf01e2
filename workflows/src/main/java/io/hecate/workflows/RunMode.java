package io.hecate.workflows;

/** How a run goes about its workflow; {@link #wire()} is the {@code mode} run variable and what the history shows. */
public enum RunMode {

    /** The staged shutdown: snapshot, Flux, drain, agents before servers. */
    FULL("full"),
    /** The power emergency: every node at once, power off even when k3s did not stop in time. */
    EMERGENCY("emergency"),
    STARTUP("startup"),
    /** The etcd restore from a snapshot. */
    RESTORE("restore");

    private final String wire;

    RunMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
