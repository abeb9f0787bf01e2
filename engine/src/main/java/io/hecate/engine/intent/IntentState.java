package io.hecate.engine.intent;

import java.util.Locale;

/** What the cluster is meant to be doing; the intent file is the lock between startup and shutdown. */
public enum IntentState {
    NORMAL,
    STARTUP_IN_PROGRESS,
    SHUTTING_DOWN,
    SHUTDOWN_COMPLETE,
    /** An operator ended the run that held the intent ({@code hecate runs abort}); the cluster may be half way. */
    ABORTED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IntentState fromWire(String text) {
        for (IntentState state : values()) {
            if (state.wire().equals(text)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown intent state \"" + text + "\"");
    }

    /**
     * A run may take the intent in these states whoever held it (the guards and the start lock decided before
     * the run started); the other states only finish what the holding run began, so only that run writes them.
     */
    public boolean claims() {
        return this == SHUTTING_DOWN || this == STARTUP_IN_PROGRESS;
    }

    public boolean shutdownActive() {
        return this == SHUTTING_DOWN || this == SHUTDOWN_COMPLETE;
    }
}
