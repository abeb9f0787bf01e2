package io.hecate.connectors.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeAddressResolverTest {

    @TempDir
    Path dir;

    private SshSettings settings(Path config, Map<String, String> hosts, Map<String, String> users) {
        return new SshSettings("hecate", 2222, config, null, null, hosts, users, List.of(), null, null,
                Duration.ofSeconds(5));
    }

    @Test
    void usesDefaultsWithoutConfig() {
        NodeAddress address = new NodeAddressResolver(settings(null, Map.of(), Map.of())).resolve("titan-0a");

        assertThat(address).isEqualTo(new NodeAddress("titan-0a", "titan-0a", 2222, "hecate", List.of()));
    }

    @Test
    void configFileWinsOverDefaults() {
        Path config = dir.resolve("config");
        SshTestServers.write(config, """
                Host titan-0a
                    HostName 10.0.0.10
                    Port 22
                    User admin
                    IdentityFile /etc/hecate/id_titan

                Host *
                    User nobody
                    Port 2200
                """);

        NodeAddress address = new NodeAddressResolver(settings(config, Map.of(), Map.of())).resolve("titan-0a");

        assertThat(address).isEqualTo(new NodeAddress("titan-0a", "10.0.0.10", 22, "admin",
                List.of(Path.of("/etc/hecate/id_titan"))));
    }

    @Test
    void explicitNodeHostsAndUsersWinOverConfigFile() {
        Path config = dir.resolve("config");
        SshTestServers.write(config, """
                Host titan-0a
                    HostName 10.0.0.10
                    Port 22
                    User admin
                """);

        NodeAddress address = new NodeAddressResolver(settings(config, Map.of("titan-0a", "10.9.9.9:2022"),
                Map.of("titan-0a", "root"))).resolve("titan-0a");

        assertThat(address.hostAndPort()).isEqualTo("10.9.9.9:2022");
        assertThat(address.user()).isEqualTo("root");
    }

    @Test
    void nodeHostWithoutPortKeepsResolvedPort() {
        NodeAddress address = new NodeAddressResolver(settings(null, Map.of("titan-0a", "10.9.9.9"), Map.of()))
                .resolve("titan-0a");

        assertThat(address.hostAndPort()).isEqualTo("10.9.9.9:2222");
    }

    @Test
    void namesTheConfigFileWhenItCannotBeRead() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> new NodeAddressResolver(settings(missing, Map.of(), Map.of())))
                .isInstanceOf(SshException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("ssh_config_file");
    }
}
