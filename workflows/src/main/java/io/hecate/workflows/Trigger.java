package io.hecate.workflows;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Who started a run; {@link #wire()} is the {@code trigger} run variable and what the history and the budgets see. */
public enum Trigger {

    CLI("cli"),
    /** This host's daemon, on its own UPS. */
    UPS("ups"),
    /** A peer's daemon forwarded its UPS trigger to this coordinator. */
    PEER("peer"),
    /** A peer whose forwarding failed shut the cluster down itself. */
    PEER_FALLBACK("peer-fallback"),
    /** The boot-time startup (systemd at host boot). */
    BOOT("boot"),
    /** A drill or the demo on the lab. */
    DRILL("drill"),
    /** The daemon brought the cluster back after a completed power-triggered shutdown (hecate-power-restore). */
    POWER_RESTORED("power-restored");

    /** Runs a power emergency started: the emergency budget is learned from these, and only these cut the UPS load. */
    public static final Set<Trigger> POWER = Set.of(UPS, PEER, PEER_FALLBACK);

    private final String wire;

    Trigger(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean power() {
        return POWER.contains(this);
    }

    /** The wire values of {@link #POWER}, as the history stores them. */
    public static Set<String> powerWires() {
        return POWER.stream().map(Trigger::wire).collect(Collectors.toUnmodifiableSet());
    }

    /** @throws IllegalArgumentException naming the value and the known triggers */
    public static Trigger of(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown trigger '" + wire + "', expected one of " + Arrays.stream(values()).map(Trigger::wire).toList()));
    }
}
