package io.hecate.engine.power;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestorePolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Optional<PendingRestore> PENDING = Optional.of(new PendingRestore("run-1", "ups: low battery"));
    private final RestorePolicy policy = new RestorePolicy(Duration.ofSeconds(10), 50);

    private static UpsSample sample(int second, String flags, double charge) {
        return new UpsSample(T0.plusSeconds(second), true, Set.of(flags.split(" ")), OptionalLong.of(600), null,
                OptionalDouble.of(charge), OptionalDouble.empty());
    }

    private RestoreDecision decide(UpsSample sample) {
        return policy.decide(sample, PENDING, Optional.empty());
    }

    @Test
    void startsOnceMainsHaveBeenBackTheRestoreTimeWithEnoughCharge() {
        assertThat(decide(sample(0, "OL CHRG", 80)).state()).isEqualTo(RestoreState.WAITING_FOR_MAINS);
        assertThat(decide(sample(9, "OL CHRG", 80)).start()).isFalse();

        RestoreDecision start = decide(sample(10, "OL CHRG", 80));

        assertThat(start.start()).isTrue();
        assertThat(start.mainsSince()).isEqualTo(T0);
    }

    @Test
    void mainsFailingAgainRestartsTheWait() {
        decide(sample(0, "OL", 80));
        decide(sample(8, "OB DISCHRG", 80));

        assertThat(decide(sample(12, "OL", 80)).state()).isEqualTo(RestoreState.WAITING_FOR_MAINS);
        assertThat(decide(sample(22, "OL", 80)).start()).isTrue();
    }

    @Test
    void lostUpsDataIsNotMains() {
        decide(sample(0, "OL", 80));
        RestoreDecision lost = decide(UpsSample.unreachable(T0.plusSeconds(5), "connection refused"));

        assertThat(lost.state()).isEqualTo(RestoreState.WAITING_FOR_MAINS);
        assertThat(lost.reason()).contains("not taken as mains");
        assertThat(decide(sample(11, "OL", 80)).start()).isFalse();
    }

    @Test
    void waitsForChargeThenStartsWhenItRises() {
        decide(sample(0, "OL CHRG", 30));

        RestoreDecision low = decide(sample(10, "OL CHRG", 49));
        assertThat(low.state()).isEqualTo(RestoreState.WAITING_FOR_CHARGE);
        assertThat(low.reason()).contains("49% below 50%");
        assertThat(decide(sample(11, "OL CHRG", 50)).start()).isTrue();
    }

    @Test
    void nothingPendingIsIdleAndARunningRestoreIsReportedNotStartedAgain() {
        assertThat(policy.decide(sample(20, "OL", 100), Optional.empty(), Optional.empty()).state()).isEqualTo(RestoreState.IDLE);

        RestoreDecision running = policy.decide(sample(30, "OL", 100), PENDING, Optional.of(RestoreState.STARTING));

        assertThat(running.state()).isEqualTo(RestoreState.STARTING);
        assertThat(running.start()).isFalse();
    }

    @Test
    void forcedShutdownIsNeverMains() {
        decide(sample(0, "OL FSD", 80));

        assertThat(decide(sample(20, "OL FSD", 80)).state()).isEqualTo(RestoreState.WAITING_FOR_MAINS);
    }

    @Test
    void anOutageBetweenTwoMainsPollsRestartsTheWait() {
        decide(sample(0, "OL", 80));
        decide(sample(1, "OB DISCHRG LB", 80));

        assertThat(decide(sample(10, "OL", 80)).start()).isFalse();
    }
}
