package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggeredAtTest {

    private static final Instant NOW = Instant.parse("2026-12-01T18:05:20Z");
    private final List<String> warnings = new ArrayList<>();

    @Test
    void garbageIsBadInputNamingTheFlagAndTheValue() {
        CliRun run = CliRun.of("shutdown", "--emergency", "--execute", "--trigger", "peer", "--triggered-at", "yesterday 6pm",
                "--config", "/nonexistent/hecate.yaml");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--triggered-at must be an RFC 3339 instant").contains("got \"yesterday 6pm\"");
    }

    @Test
    void isOnlyForAPeersForwardedTrigger() {
        CliRun run = CliRun.of("shutdown", "--emergency", "--execute", "--triggered-at", "2026-12-01T18:05:08.123Z",
                "--config", "/nonexistent/hecate.yaml");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--triggered-at").contains("needs --trigger peer");
    }

    @Test
    void aPlausibleInstantIsTrustedWhateverItsOffset() {
        assertThat(TriggeredAt.forBudget("2026-12-01T18:05:08.123Z", NOW, warnings::add))
                .contains(Instant.parse("2026-12-01T18:05:08.123Z"));
        assertThat(TriggeredAt.forBudget("2026-12-01T19:05:08+01:00", NOW, warnings::add))
                .contains(Instant.parse("2026-12-01T18:05:08Z"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void anInstantFarAheadOfThisClockIsIgnoredWithAWarning() {
        assertThat(TriggeredAt.forBudget("2026-12-01T18:06:00Z", NOW, warnings::add)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("40 s ahead of this host's clock")
                .contains("counts from the run's start");
    }

    @Test
    void anInstantOlderThanTenMinutesIsIgnoredWithAWarning() {
        assertThat(TriggeredAt.forBudget("2026-12-01T17:05:20Z", NOW, warnings::add)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("3600 s before this host's clock");
    }

    @Test
    void sendsMillisecondsInUtc() {
        assertThat(TriggeredAt.format(Instant.parse("2026-12-01T18:05:08.123456789Z"))).isEqualTo("2026-12-01T18:05:08.123Z");
    }
}
