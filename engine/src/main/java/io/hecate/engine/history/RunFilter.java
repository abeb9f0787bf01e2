package io.hecate.engine.history;

/** Which runs a listing shows; a null field does not filter. */
public record RunFilter(String workflow, String outcome, String trigger) {

    public static final RunFilter ALL = new RunFilter(null, null, null);
}
