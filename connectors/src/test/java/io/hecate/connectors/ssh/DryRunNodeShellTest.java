package io.hecate.connectors.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DryRunNodeShellTest {

    private final List<String> actions = new ArrayList<>();
    private final SshSettings settings = new SshSettings("hecate", 22, null, null, null, Map.of(), Map.of(),
            List.of("titan-0a", "titan-0b"), null, null, Duration.ofSeconds(5));

    @Test
    void recordsCommandAndAnswersSuccessWithoutOutput() {
        CommandResult result = new DryRunNodeShell(actions::add, settings)
                .run("titan-0a", "systemctl stop k3s-agent", Duration.ofSeconds(5));

        assertThat(actions).containsExactly("would ssh titan-0a: systemctl stop k3s-agent");
        assertThat(result).isEqualTo(new CommandResult("titan-0a", 0, "", "", Duration.ZERO));
    }

    @Test
    void recordsManagedNodesInOrderAndSkipsUnmanaged() {
        List<NodeOutcome> outcomes = new DryRunNodeShell(actions::add, settings)
                .runAll(List.of("titan-0b", "titan-db", "titan-0a"), "poweroff", Duration.ofSeconds(5));

        assertThat(actions).containsExactly("would ssh titan-0b: poweroff", "would ssh titan-0a: poweroff");
        assertThat(outcomes).extracting(NodeOutcome::node).containsExactly("titan-0b", "titan-db", "titan-0a");
        assertThat(outcomes).extracting(NodeOutcome::skippedUnmanaged).containsExactly(false, true, false);
    }

    @Test
    void refusesUnmanagedNodeLikeTheRealShell() {
        assertThatThrownBy(() -> new DryRunNodeShell(actions::add, settings).run("titan-db", "poweroff", Duration.ofSeconds(5)))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("not in ssh_managed_nodes");
        assertThat(actions).isEmpty();
    }
}
