package io.hecate.connectors.nut;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DryRunUpsMonitorTest {

    private static final UpsTarget TARGET = UpsTarget.parse("pyrphoros@titan-db");

    private final List<String> actions = new ArrayList<>();
    private final List<String> realCalls = new ArrayList<>();
    private final UpsReading mains = new UpsReading(TARGET, Set.of("OL"), OptionalDouble.of(100), OptionalLong.of(1800),
            OptionalDouble.of(20), Instant.now());
    private final UpsMonitor real = new UpsMonitor() {
        @Override
        public UpsReading read() {
            realCalls.add("read");
            return mains;
        }

        @Override
        public void forcedShutdown() {
            realCalls.add("fsd");
        }

        @Override
        public Optional<Duration> shutdownDelay() {
            realCalls.add("delay");
            return Optional.of(Duration.ofSeconds(20));
        }

        @Override
        public KillPower killPower() {
            realCalls.add("killPower");
            return KillPower.SHUTDOWN_RETURN;
        }

        @Override
        public void close() {
            realCalls.add("close");
        }
    };

    @Test
    void recordsTheForcedShutdownInsteadOfSendingIt() {
        new DryRunUpsMonitor(real, TARGET, actions::add).forcedShutdown();

        assertThat(actions).containsExactly("nut: would send FSD to pyrphoros@titan-db");
        assertThat(realCalls).isEmpty();
    }

    @Test
    void readsTheRealUps() {
        assertThat(new DryRunUpsMonitor(real, TARGET, actions::add).read()).isSameAs(mains);
        assertThat(realCalls).containsExactly("read");
        assertThat(actions).isEmpty();
    }

    @Test
    void recordsTheKillPowerCommandInsteadOfSendingItButReadsTheDelay() {
        DryRunUpsMonitor dry = new DryRunUpsMonitor(real, TARGET, actions::add);

        assertThat(dry.shutdownDelay()).hasValue(Duration.ofSeconds(20));
        assertThat(dry.killPower()).isEqualTo(KillPower.PLANNED);
        assertThat(actions).containsExactly(
                "nut: would send INSTCMD pyrphoros shutdown.return to pyrphoros@titan-db (FSD if the UPS does not support it)");
        assertThat(realCalls).containsExactly("delay");
    }
}
