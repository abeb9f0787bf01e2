package io.hecate.cli;

import io.hecate.engine.runtime.HecateEngine;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * Entry point; {@link #run} drives the real command line without System.exit, for tests. The everyday reads run without
 * picocli ({@link QuickReads}); every other command line goes through it.
 */
public final class Main {

    /** The commands that boot an engine: they start parsing its mappers before picocli builds the command line. */
    private static final Set<String> ENGINE_VERBS = Set.of("startup", "shutdown", "etcd-restore", "daemon", "demo", "drill");

    private Main() {
    }

    public static void main(String[] args) {
        BoundedExit.exit(run(System.out, System.err, args), BoundedExit.GRACE);
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        PrintWriter stdout = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter stderr = new PrintWriter(err, true, StandardCharsets.UTF_8);
        Optional<QuickReads.Read> read = QuickReads.of(args);
        if (read.isPresent()) {
            return read.get().run(stdout, stderr);
        }
        ErrorPolicy errors = new ErrorPolicy();
        CommandLine commandLine = commandLine(args)
                .setOut(stdout)
                .setErr(stderr)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine.execute(args);
    }

    /**
     * A command does not pay for building all of the CLI's commands: its root holds only its verb ({@link VerbRoot});
     * help without a verb, or a verb that is not one, gets them all.
     */
    private static CommandLine commandLine(String... args) {
        String verb = args.length > 0 ? args[0] : "";
        if (ENGINE_VERBS.contains(verb)) {
            HecateEngine.prepare();
        }
        return VerbRoot.of(verb).orElseGet(() -> new CommandLine(new HecateCommand()));
    }
}
