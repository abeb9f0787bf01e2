package io.hecate.cli;

import picocli.CommandLine.Model.CommandSpec;

/** A command that only groups others ({@code hecate}, {@code hecate config}...): called alone it is bad input, exit 2. */
final class ParentCommand {

    private ParentCommand() {
    }

    /** Prints the usage on stderr and returns the error to throw. */
    static BadInputException missingCommand(CommandSpec spec) {
        spec.commandLine().usage(spec.commandLine().getErr());
        return new BadInputException("'" + spec.qualifiedName() + "' needs a command: "
                + String.join(", ", spec.subcommands().keySet().stream().filter(name -> !name.equals("help")).toList()));
    }
}
