package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VerbRootTest {

    @Test
    void everyVerbLooksTheSameUnderItsOwnRootAsUnderTheFullOne() {
        CommandLine full = new CommandLine(new HecateCommand());

        assertThat(VerbRoot.VERBS.keySet()).isEqualTo(full.getSubcommands().keySet()).contains("shutdown", "status");
        for (String verb : VerbRoot.VERBS.keySet()) {
            CommandLine lean = VerbRoot.of(verb).orElseThrow();
            assertThat(lean.getSubcommands().keySet()).containsExactly(verb);
            assertThat(lean.getSubcommands().get(verb).getUsageMessage()).as(verb)
                    .isEqualTo(full.getSubcommands().get(verb).getUsageMessage());
            assertThat(lean.getSubcommands().get(verb).getSubcommands().keySet()).as(verb)
                    .isEqualTo(full.getSubcommands().get(verb).getSubcommands().keySet());
            assertThat(lean.getCommandSpec().findOption("--stacktrace").scopeType())
                    .isEqualTo(full.getCommandSpec().findOption("--stacktrace").scopeType());
        }
        assertThat(VerbRoot.of("shutdwon")).isEmpty();
    }
}
