package io.hecate.workflows;

import java.util.Set;

/** Who started a run (the {@code trigger} run variable), as the history and the learned budgets see it. */
public final class Triggers {

    public static final String CLI = "cli";
    /** This host's daemon, on its own UPS. */
    public static final String UPS = "ups";
    /** A peer's daemon forwarded its UPS trigger to this coordinator. */
    public static final String PEER = "peer";
    /** A peer whose forwarding failed shut the cluster down itself. */
    public static final String PEER_FALLBACK = "peer-fallback";
    /** The daemon brought the cluster back after a completed power-triggered shutdown (hecate-power-restore). */
    public static final String POWER_RESTORED = "power-restored";
    /** Runs a power emergency started: the emergency budget is learned from these. */
    public static final Set<String> POWER = Set.of(UPS, PEER, PEER_FALLBACK);

    private Triggers() {
    }
}
