package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class ReadCommandsTest {

    @Test
    void theReadVerbsLookTheSameUnderTheLeanRootAsUnderTheFullOne() {
        CommandLine full = new CommandLine(new HecateCommand());
        CommandLine lean = new CommandLine(new ReadCommands());

        assertThat(lean.getSubcommands().keySet()).containsExactlyInAnyOrderElementsOf(ReadCommands.VERBS);
        for (String verb : ReadCommands.VERBS) {
            assertThat(lean.getSubcommands().get(verb).getUsageMessage()).as(verb)
                    .isEqualTo(full.getSubcommands().get(verb).getUsageMessage());
            assertThat(lean.getSubcommands().get(verb).getSubcommands().keySet()).as(verb)
                    .isEqualTo(full.getSubcommands().get(verb).getSubcommands().keySet());
        }
        assertThat(lean.getCommandSpec().findOption("--stacktrace").scopeType())
                .isEqualTo(full.getCommandSpec().findOption("--stacktrace").scopeType());
    }
}
