package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.connectors.ssh.CommandResult;
import io.hecate.workflows.coordination.CoordinatorClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    @Test
    void aCoordinatorsFailureIsToldByItsErrorLineNotTheHintAfterIt() {
        StringWriter stderr = new StringWriter();
        int exit = ErrorPolicy.report(new IllegalStateException("the run history is locked by pid 4242"), new PrintWriter(stderr), false);

        String said = EmergencyTrigger.said(new CommandResult("coordinator", exit, "", stderr.toString(), Duration.ZERO));

        assertThat(stderr.toString()).contains("this is a bug");
        assertThat(said).isEqualTo("hecate: error: the run history is locked by pid 4242");
    }

    @Test
    void aCoordinatorsAnswerWithoutAnErrorIsItsLastLine() {
        String said = EmergencyTrigger.said(new CommandResult("coordinator", 0, "run r1 started\nrun r1 succeeded\n", "", Duration.ZERO));

        assertThat(said).isEqualTo("run r1 succeeded");
    }
}
