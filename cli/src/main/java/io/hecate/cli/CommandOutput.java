package io.hecate.cli;

import java.io.PrintWriter;

/** A read's whole output, its own or the daemon's answer for it. */
final class CommandOutput {

    private CommandOutput() {
    }

    /** Prints {@code text} ending in one line break (a JSON answer comes without one), flushed. */
    static void print(PrintWriter out, String text) {
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
    }
}
