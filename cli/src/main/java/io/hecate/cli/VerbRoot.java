package io.hecate.cli;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root when the command line starts with a verb ({@link Main#run}): the same name and global option as
 * {@link HecateCommand}, holding that verb only. Building every command costs ~0.1 s of each run; the verb's
 * help, errors and options are the same ({@code hecate --help}, a bad verb and no verb get the full root).
 */
@Command(name = "hecate")
final class VerbRoot {

    /** Verb -> its command class, as {@link HecateCommand} lists them. */
    static final Map<String, Class<?>> VERBS = Arrays.stream(HecateCommand.class.getAnnotation(Command.class).subcommands())
            .collect(Collectors.toUnmodifiableMap(type -> type.getAnnotation(Command.class).name(), Function.identity()));

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean stacktrace;

    /** The command line for {@code verb} alone; empty when it is not one of the verbs. */
    static Optional<CommandLine> of(String verb) {
        return Optional.ofNullable(VERBS.get(verb)).map(type -> new CommandLine(new VerbRoot()).addSubcommand(type));
    }
}
