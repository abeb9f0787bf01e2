package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hecate --help} lists each command by the first line of its description: that line must be a whole sentence. */
class HelpTextTest {

    @Test
    void everyCommandsFirstDescriptionLineEndsASentence() {
        for (CommandSpec command : allCommands()) {
            String[] description = command.usageMessage().description();
            assertThat(description).as(command.qualifiedName()).isNotEmpty();
            assertThat(description[0]).as("first description line of '%s'", command.qualifiedName()).endsWith(".");
        }
    }

    @Test
    void everyPositionalParameterSaysWhatItIs() {
        for (CommandSpec command : allCommands()) {
            command.positionalParameters().forEach(parameter -> assertThat(parameter.description())
                    .as("%s %s", command.qualifiedName(), parameter.paramLabel()).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).isNotBlank()));
        }
    }

    @Test
    void noCommandIsBadInputWithTheUsageOnStderr() {
        CliRun bare = CliRun.of();
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bare.out()).isEmpty();
        assertThat(bare.err()).contains("Usage: hecate", "hecate: error: 'hecate' needs a command: startup, shutdown");

        for (String parent : List.of("config", "workflows", "drill")) {
            CliRun run = CliRun.of(parent);
            assertThat(run.exitCode()).as(parent).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(run.err()).contains("'hecate " + parent + "' needs a command");
        }
    }

    @Test
    void aMissingDefaultConfigSaysHowToPassOne() {
        CliRun status = CliRun.of("status", "--config", "/nonexistent/hecate.yaml");
        assertThat(status.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(status.err()).contains("/nonexistent/hecate.yaml: no such file; pass --config FILE", "configs/hecate.example.yaml");
    }

    private static List<CommandSpec> allCommands() {
        List<CommandSpec> all = new ArrayList<>();
        collect(new CommandLine(new HecateCommand()), all);
        return all;
    }

    private static void collect(CommandLine line, List<CommandSpec> all) {
        all.add(line.getCommandSpec());
        line.getSubcommands().values().forEach(sub -> collect(sub, all));
    }
}
