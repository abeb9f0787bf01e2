package io.hecate.cli;

import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root for the read verbs only ({@link Main#run}): the same name and global option as {@link HecateCommand}. */
@Command(name = "hecate", subcommands = {StatusCommand.class, RunsCommand.class})
final class ReadCommands {

    static final Set<String> VERBS = Set.of("status", "runs");

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean stacktrace;
}
