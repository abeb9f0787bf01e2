package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.workflows.coordination.CoordinatorClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmergencyTriggerTest {

    @Test
    void quotesAReasonSoTheRemoteShellPassesItAsOneWordUntouched() throws Exception {
        String reason = "peer titan/eos: it's \"low\" $HOME `id`; rm -rf / \\ end";

        Process sh = new ProcessBuilder("sh", "-c", "printf '%s|' " + CoordinatorClient.shellQuote(reason)).start();
        String seen = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(sh.waitFor()).isZero();
        assertThat(seen).isEqualTo(reason + "|");
        assertThat(CoordinatorSshd.shellWords("hecate --reason " + CoordinatorClient.shellQuote(reason)))
                .containsExactly("hecate", "--reason", reason);
    }
}
