package io.hecate.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Triggers and run modes are stored as strings in the history and in process variables of running runs: they never change. */
class WireValuesTest {

    @Test
    void triggersKeepTheirHistoryValues() {
        assertThat(Arrays.stream(Trigger.values()).map(Trigger::wire))
                .containsExactly("cli", "ups", "peer", "peer-fallback", "boot", "drill", "power-restored");
        assertThat(Trigger.powerWires()).containsExactlyInAnyOrder("ups", "peer", "peer-fallback");
    }

    @Test
    void runModesKeepTheirHistoryValues() {
        assertThat(Arrays.stream(RunMode.values()).map(RunMode::wire)).containsExactly("full", "emergency", "startup", "restore", "drill");
    }

    @Test
    void readsEveryWireValueBack() {
        Arrays.stream(Trigger.values()).forEach(t -> assertThat(Trigger.of(t.wire())).isSameAs(t));
        Arrays.stream(RunMode.values()).forEach(m -> assertThat(RunMode.of(m.wire())).isSameAs(m));
    }

    @Test
    void anUnknownValueNamesItselfAndTheKnownOnes() {
        assertThatThrownBy(() -> Trigger.of("UPS")).hasMessage(
                "unknown trigger 'UPS', expected one of [cli, ups, peer, peer-fallback, boot, drill, power-restored]");
        assertThatThrownBy(() -> RunMode.of("test")).hasMessage(
                "unknown run mode 'test', expected one of [full, emergency, startup, restore, drill]");
    }
}
