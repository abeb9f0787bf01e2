package io.hecate.workflows.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CoordinatorStatusTest {

    private static String status(String intentState, String lastRuns) {
        return "{\"cluster\":\"titan\",\"role\":\"coordinator\",\"intent\":" + (intentState == null ? "null"
                : "{\"state\":\"" + intentState + "\",\"run_id\":\"r0\"}") + ",\"last_runs\":[" + lastRuns + "]}";
    }

    @Test
    void aStartupIntentIsStarting() {
        CoordinatorStatus status = CoordinatorStatus.parse(status("startup_in_progress", ""));

        assertThat(status.starting()).isTrue();
        assertThat(status.describe()).isEqualTo("intent startup_in_progress");
    }

    @Test
    void aRunningPowerRestoreIsStartingWhateverTheIntent() {
        CoordinatorStatus status = CoordinatorStatus.parse(status("shutdown_complete",
                "{\"run_id\":\"r9\",\"workflow\":\"hecate-power-restore\",\"outcome\":\"running\"}"));

        assertThat(status.starting()).isTrue();
        assertThat(status.describe()).isEqualTo("intent shutdown_complete, hecate-power-restore run r9 running");
    }

    @Test
    void aFinishedStartupOrARunningShutdownIsNot() {
        CoordinatorStatus status = CoordinatorStatus.parse(status("normal",
                "{\"run_id\":\"r2\",\"workflow\":\"hecate-startup\",\"outcome\":\"succeeded\"},"
                        + "{\"run_id\":\"r3\",\"workflow\":\"hecate-shutdown\",\"outcome\":\"running\"}"));

        assertThat(status.starting()).isFalse();
        assertThat(status.intentState()).isEqualTo("normal");
    }

    @Test
    void noIntentYetIsAnEmptyState() {
        CoordinatorStatus status = CoordinatorStatus.parse(status(null, ""));

        assertThat(status.starting()).isFalse();
        assertThat(status.describe()).isEqualTo("intent (none)");
    }

    @Test
    void aReplyThatIsNotTheStatusIsRefused() {
        assertThatThrownBy(() -> CoordinatorStatus.parse("hecate: error: no config")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> CoordinatorStatus.parse("{\"ups\":{}}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no intent field");
        assertThatThrownBy(() -> CoordinatorStatus.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
