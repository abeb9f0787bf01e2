package io.hecate.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point; {@link #run} drives the real command line without System.exit, for tests. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        ErrorPolicy errors = new ErrorPolicy();
        CommandLine commandLine = new CommandLine(root(args))
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine.execute(args);
    }

    /**
     * The reads answer in a fraction of a second, so they do not pay for building all of the CLI's commands: their
     * own root holds only them (help, errors and options are the same; {@code hecate --help} still lists all).
     */
    private static Object root(String... args) {
        return args.length > 0 && ReadCommands.VERBS.contains(args[0]) ? new ReadCommands() : new HecateCommand();
    }
}
