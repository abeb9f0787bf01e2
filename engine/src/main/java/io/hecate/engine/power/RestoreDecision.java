package io.hecate.engine.power;

import java.time.Instant;

/**
 * The restore policy's answer to one poll.
 * @param start true when the restore run should start now
 * @param mainsSince since when mains have been back without a break; null while they are not
 */
public record RestoreDecision(RestoreState state, boolean start, String reason, Instant mainsSince) {

    public String logLine() {
        return "restore state=" + state.wire() + " start=" + start + " reason=\"" + reason + "\"";
    }
}
