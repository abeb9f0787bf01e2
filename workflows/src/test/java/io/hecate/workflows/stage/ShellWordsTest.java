package io.hecate.workflows.stage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void leavesPlainWordsReadable() {
        assertThat(ShellWords.join("k3s", "server", "--cluster-reset-restore-path=/var/lib/x/snap-1"))
                .isEqualTo("k3s server --cluster-reset-restore-path=/var/lib/x/snap-1");
    }

    @Test
    void quotesSpacesAndShellCharacters() {
        assertThat(ShellWords.quote("/tmp/a b;rm -rf /")).isEqualTo("'/tmp/a b;rm -rf /'");
        assertThat(ShellWords.quote("$(reboot)")).isEqualTo("'$(reboot)'");
        assertThat(ShellWords.quote("")).isEqualTo("''");
    }

    @Test
    void escapesSingleQuotesInsideQuotes() {
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
    }
}
