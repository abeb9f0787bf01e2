package io.hecate.cli;

/** The exit codes of design.md. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int STAGE_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int REFUSED = 3;
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }
}
