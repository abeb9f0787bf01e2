package io.hecate.cli;

import io.hecate.engine.Refusal;
import io.hecate.engine.config.ConfigException;
import io.hecate.engine.history.CorruptFile;
import io.hecate.engine.history.UnwritableStateDir;
import io.hecate.engine.runtime.WorkflowException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one error policy of the CLI: commands throw, this prints {@code hecate: error: <message>} on stderr
 * (the stack trace only with --stacktrace) and maps the exception to an exit code.
 */
final class ErrorPolicy implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** How every failed command's first line on stderr starts. */
    static final String ERROR = "hecate: error: ";

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        return report(e, commandLine.getErr(), stacktraceRequested(parseResult));
    }

    /** Prints what a command threw, as picocli's handler above does; the exit code it maps to. */
    static int report(Exception e, PrintWriter err, boolean stacktrace) {
        err.println(ERROR + message(e));
        if (stacktrace) {
            e.printStackTrace(err);
        } else if (CorruptFile.caused(e)) {
            err.println("hecate: " + CorruptFile.WHAT_NEXT);
        } else if (exitCode(e) == ExitCodes.INTERNAL) {
            err.println("hecate: this is a bug; rerun with --stacktrace and report it");
        }
        err.flush();
        return exitCode(e);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println(ERROR + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    private static boolean stacktraceRequested(ParseResult parseResult) {
        for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }

    static int exitCode(Throwable e) {
        if (e instanceof ConfigException || e instanceof WorkflowException || e instanceof BadInputException || e instanceof UnwritableStateDir
                || CorruptFile.caused(e)) {
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof Refusal) {
            return ExitCodes.REFUSED;
        }
        if (e instanceof RunFailedException) {
            return ExitCodes.STAGE_FAILED;
        }
        return ExitCodes.INTERNAL;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    }
}
