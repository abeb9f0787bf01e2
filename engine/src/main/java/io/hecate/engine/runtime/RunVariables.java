package io.hecate.engine.runtime;

/** Names of the process variables every Hecate run carries; primitives only, never secrets. */
public final class RunVariables {

    public static final String RUN_ID = "runId";
    /** Who asked: {@code cli}, {@code ups}, {@code peer}, {@code drill}, {@code boot}. */
    public static final String TRIGGER = "trigger";
    /** {@code full}, {@code emergency}, ... as the workflow defines. */
    public static final String MODE = "mode";
    /** false = dry run: connectors only record what they would do. */
    public static final String EXECUTE = "execute";
    public static final String REASON = "reason";

    private RunVariables() {
    }
}
