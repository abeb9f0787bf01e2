package io.hecate.engine.power;

import java.util.Locale;

/** Where the power restore stands after a poll, as the metrics and the log show it. */
public enum RestoreState {
    /** Nothing to restore: the last shutdown was not a completed power-triggered one, or restore is off. */
    IDLE,
    /** A power-triggered shutdown completed; mains are not back, or not yet for {@code mains_restore_seconds}. */
    WAITING_FOR_MAINS,
    /** Mains are stable but the UPS charge is below {@code restore.min_battery_charge} (or unknown). */
    WAITING_FOR_CHARGE,
    /** The restore run is powering the nodes on and waiting for them. */
    POWERING_ON,
    /** The restore run's staged startup is going. */
    STARTING;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
