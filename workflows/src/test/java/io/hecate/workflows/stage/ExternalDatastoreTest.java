package io.hecate.workflows.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.connectors.ssh.CommandResult;
import io.hecate.connectors.ssh.NodeOutcome;
import io.hecate.connectors.ssh.NodeShell;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExternalDatastoreTest {

    private static Optional<String> found(String configYaml, String unit) {
        Map<String, String> replies = new HashMap<>();
        replies.put(NodeCommands.READ_K3S_CONFIG, configYaml);
        replies.put(NodeCommands.K3S_UNIT, unit);
        return ExternalDatastore.foundOn(new Answers(replies), "titan-0a", Duration.ofSeconds(1));
    }

    @Test
    void findsTheEndpointInTheConfigFileWithoutRevealingIt() {
        Optional<String> where = found("token-file: /x\ndatastore-endpoint: \"postgres://k3s:s3cret@db:5432/k3s\"\n", "");

        assertThat(where).hasValue("datastore-endpoint in /etc/rancher/k3s/config.yaml on titan-0a");
        assertThat(where.get()).doesNotContain("s3cret");
    }

    @Test
    void findsTheFlagInTheInstallersExecStart() {
        assertThat(found(null, "[Service]\nExecStart=/usr/local/bin/k3s \\\n    server \\\n\t'--datastore-endpoint=mysql://u:p@tcp(db:3306)/k3s' \\\n"))
                .isPresent();
    }

    @Test
    void findsTheInstallersEnvironmentVariable() {
        assertThat(found("", "[Service]\nEnvironment=\"K3S_DATASTORE_ENDPOINT=postgres://db/k3s\"\nExecStart=/usr/local/bin/k3s server\n"))
                .isPresent();
    }

    @Test
    void embeddedEtcdWhenNeitherNamesOne() {
        assertThat(found("cluster-init: true\ndatastore-endpoint: \"\"\n# datastore-endpoint: postgres://old\n",
                "# --datastore-endpoint was removed\nExecStart=/usr/local/bin/k3s server\n")).isEmpty();
    }

    /** Scripted replies by command; a null reply is a missing file (exit 1). */
    private record Answers(Map<String, String> replies) implements NodeShell {

        @Override
        public CommandResult run(String node, String command, Duration timeout) {
            String out = replies.get(command);
            return out == null ? new CommandResult(node, 1, "", "No such file or directory", Duration.ZERO)
                    : new CommandResult(node, 0, out, "", Duration.ZERO);
        }

        @Override
        public List<NodeOutcome> runAll(Collection<String> nodes, String command, Duration timeout) {
            return nodes.stream().map(node -> NodeOutcome.of(run(node, command, timeout))).toList();
        }

        @Override
        public boolean isManaged(String node) {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
