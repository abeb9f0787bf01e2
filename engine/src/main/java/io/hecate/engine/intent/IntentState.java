package io.hecate.engine.intent;

import java.util.Locale;

/** What the cluster is meant to be doing; the intent file is the lock between startup and shutdown. */
public enum IntentState {
    NORMAL,
    STARTUP_IN_PROGRESS,
    SHUTTING_DOWN,
    SHUTDOWN_COMPLETE;

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

    public boolean shutdownActive() {
        return this == SHUTTING_DOWN || this == SHUTDOWN_COMPLETE;
    }
}
