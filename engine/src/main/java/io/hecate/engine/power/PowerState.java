package io.hecate.engine.power;

/** Where the trigger policy stands after a poll. */
public enum PowerState {
    ON_MAINS,
    ON_BATTERY,
    /** No usable NUT data: neither mains nor an outage. */
    NUT_ALARM,
    /** The emergency shutdown was started; latched until mains has been back for the restore time. */
    TRIGGERED
}
