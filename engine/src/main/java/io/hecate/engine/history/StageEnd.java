package io.hecate.engine.history;

import java.time.Instant;

/** How one node's row of a per-node stage ended, for {@link RunHistory#stagesEnded}. */
public record StageEnd(String node, String outcome, String detail, Instant at) {
}
