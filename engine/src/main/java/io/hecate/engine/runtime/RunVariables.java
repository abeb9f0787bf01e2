package io.hecate.engine.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Names of the process variables every Hecate run carries; primitives only, never secrets. */
public final class RunVariables {

    public static final String RUN_ID = "runId";
    /** Who asked: the wire value of the workflows module's {@code Trigger} ({@code cli}, {@code ups}, {@code peer}, ...). */
    public static final String TRIGGER = "trigger";
    /** How: the wire value of the workflows module's {@code RunMode} ({@code full}, {@code emergency}, ...). */
    public static final String MODE = "mode";
    /** false = dry run: connectors only record what they would do. */
    public static final String EXECUTE = "execute";
    public static final String REASON = "reason";
    /**
     * A forwarded run's trigger instant on the peer (RFC 3339 text), set only when it passed the plausibility
     * check of {@code hecate shutdown --triggered-at}; budget samples count from it.
     */
    public static final String TRIGGERED_AT = "triggeredAt";
    /** The owning engine's token ({@code RunOwner}); set by the engine, rewritten when a run is taken over. */
    public static final String OWNER_TOKEN = "ownerToken";

    /** Every name above: what a BPMN expression may use besides the variables the stages set. */
    public static final Set<String> NAMES = Set.of(RUN_ID, TRIGGER, MODE, EXECUTE, REASON, OWNER_TOKEN);

    private RunVariables() {
    }

    /** The variables every run starts with (a mutable map, for a workflow's own facts); {@code reason} may be null. */
    public static Map<String, Object> of(String runId, String trigger, String mode, boolean execute, String reason) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(RUN_ID, runId);
        variables.put(TRIGGER, trigger);
        variables.put(MODE, mode);
        variables.put(EXECUTE, execute);
        if (reason != null) {
            variables.put(REASON, reason);
        }
        return variables;
    }
}
