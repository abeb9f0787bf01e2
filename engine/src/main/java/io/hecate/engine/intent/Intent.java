package io.hecate.engine.intent;

import java.time.Instant;

/** The content of intent.json. */
public record Intent(IntentState state, String reason, Instant time, String host, String runId) {
}
