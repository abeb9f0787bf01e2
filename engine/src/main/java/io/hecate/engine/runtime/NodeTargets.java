package io.hecate.engine.runtime;

import io.hecate.engine.history.StageRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether every node reached what the run asked of it, read from the per-node stage rows: for each stage and
 * node the last row (a retry adds a row) must have ended {@code ok} or {@code skipped} (not managed by Hecate).
 * A run whose path went through but left a node short is {@code partial}, never {@code succeeded}.
 */
final class NodeTargets {

    private static final Set<String> REACHED = Set.of("ok", "skipped");
    private static final int NAMED = 10;

    private NodeTargets() {
    }

    /** "node: stage outcome (detail)" for each node and stage whose last row did not reach its target, in order. */
    static List<String> missed(List<StageRecord> stages) {
        Map<String, StageRecord> last = new LinkedHashMap<>();
        for (StageRecord stage : stages) {
            if (stage.node() != null) {
                String key = stage.stage() + "\n" + stage.node();
                last.remove(key);
                last.put(key, stage);
            }
        }
        List<String> missed = new ArrayList<>();
        for (StageRecord row : last.values()) {
            if (!REACHED.contains(row.outcome())) {
                missed.add(row.node() + ": " + row.stage() + " " + (row.outcome() == null ? "never ended" : row.outcome())
                        + (row.detail() == null ? "" : " (" + row.detail() + ")"));
            }
        }
        return missed;
    }

    static String describe(List<String> missed) {
        String named = String.join("; ", missed.subList(0, Math.min(NAMED, missed.size())));
        int more = missed.size() - NAMED;
        return missed.size() + (missed.size() == 1 ? " node stage" : " node stages") + " short of target: " + named
                + (more > 0 ? "; and " + more + " more (hecate runs show)" : "");
    }
}
