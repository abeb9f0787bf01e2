package io.hecate.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    /** The repository's configs/, found from the module directory Maven runs the tests in. */
    static final Path CONFIGS = Path.of("..", "configs");

    private static final String MINIMAL = """
            nodes:
              control_planes: [cp-1, cp-2]
              workers: [w-1]
            """;

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("hecate.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private HecateConfig load(String yaml) throws IOException {
        return ConfigLoader.load(write(yaml));
    }

    private String errorOf(String yaml) throws IOException {
        Path file = write(yaml);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ConfigLoader.load(file));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(thrown.getMessage()).startsWith(file + ":");
        return thrown.getMessage();
    }

    @Nested
    class Loads {

        @Test
        void theExampleConfig() {
            HecateConfig config = ConfigLoader.load(CONFIGS.resolve("hecate.example.yaml"));

            assertThat(config.clusterName()).isEqualTo("titan");
            assertThat(config.nodes().controlPlanes()).containsExactly("titan-0a", "titan-0b", "titan-0c");
            assertThat(config.nodes().cluster()).hasSize(8);
            assertThat(config.ssh().port()).isEqualTo(22);
            assertThat(config.ups().target()).isEqualTo("pyrphoros@localhost:3493");
            assertThat(config.ups().runtimeSafetyFactor()).isEqualTo(1.25);
            assertThat(config.coordination().isPeer()).isFalse();
            assertThat(config.coordination().coordinatorBootWait()).isEqualTo(Duration.ofSeconds(120));
            assertThat(config.shutdown().estimatedShutdownBudget()).isEqualTo(Duration.ofSeconds(600));
            assertThat(config.shutdown().emergencySkipDrain()).isTrue();
            assertThat(config.shutdown().poweroffOrder()).containsExactly("workers", "control_planes", "other_hosts");
            assertThat(config.startup().vaultUnsealBreakglassTimeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(config.startup().etcdRestoreControlPlane()).isEqualTo("titan-0a");
            assertThat(config.metrics().listen()).isEqualTo(":9560");
            assertThat(config.workflows().dir()).isNull();
            assertThat(config.intentFile()).isEqualTo(Path.of("/var/lib/hecate/intent.json"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"coordinator.yaml", "peer.yaml"})
        void theShippedRoleConfigsWhenPresent(String name) {
            Path file = CONFIGS.resolve(name);
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(file), name + " is not written yet");

            HecateConfig config = ConfigLoader.load(file);

            assertThat(config.coordination().role()).isEqualTo(name.replace(".yaml", ""));
        }

        @Test
        void defaultsForEverythingNotGiven() throws IOException {
            HecateConfig config = load(MINIMAL);

            assertThat(config.ups().runtimeSafetyFactor()).isEqualTo(1.25);
            assertThat(config.shutdown().emergencySkipEtcdSnapshot()).isTrue();
            assertThat(config.shutdown().budgetLearningMinSamples()).isEqualTo(3);
            assertThat(config.startup().timeSyncMode()).isEqualTo("quorum");
            assertThat(config.coordination().role()).isEqualTo("coordinator");
            assertThat(config.ssh().nodeHosts()).isEmpty();
            assertThat(config.ui().listen()).isEqualTo("127.0.0.1:9561");
        }

        @Test
        void aPeerWithItsCoordinator() throws IOException {
            HecateConfig config = load(MINIMAL + """
                    coordination:
                      role: peer
                      coordinator_host: titan-db
                    """);

            assertThat(config.coordination().isPeer()).isTrue();
            assertThat(config.coordination().coordinatorHost()).isEqualTo("titan-db");
            assertThat(config.coordination().coordinatorBootWait()).isEqualTo(Duration.ofSeconds(120));
        }

        @Test
        void aPeerThatDoesNotWaitForABootingCoordinator() throws IOException {
            HecateConfig config = load(MINIMAL + "coordination:\n  role: peer\n  coordinator_host: titan-db\n"
                    + "  coordinator_boot_wait_seconds: 0\n");

            assertThat(config.coordination().coordinatorBootWait()).isZero();
        }

        @Test
        void poweroffSelfCommandDefaultsToSystemctlAndIsSplitIntoWords() throws IOException {
            assertThat(load(MINIMAL).shutdown().poweroffSelfCommand()).containsExactly("systemctl", "poweroff");
            assertThat(load(MINIMAL + "shutdown:\n  poweroff_self_command: \" /usr/sbin/shutdown  -h now \"\n")
                    .shutdown().poweroffSelfCommand()).containsExactly("/usr/sbin/shutdown", "-h", "now");
        }

        @Test
        void killPowerWithCredentials() throws IOException {
            HecateConfig config = load(MINIMAL + "ups:\n  username: hecate\n  password: pw\n  kill_power_after_shutdown: true\n");

            assertThat(config.ups().killPowerAfterShutdown()).isTrue();
        }

        @Test
        void restorePowerOnPerNodeWithDefaultsForTheRest() throws IOException {
            HecateConfig config = load(MINIMAL + "restore:\n  min_battery_charge: 60\n  nodes:\n"
                    + "    cp-1:\n      power_on: wake_on_lan\n      mac: AA:BB:CC:DD:EE:01\n"
                    + "    w-1:\n      power_on: command\n      power_on_command: ipmitool -H bmc-w1 -P s3cret chassis power on\n");

            HecateConfig.Restore restore = config.restore();
            assertThat(restore.enabled()).isTrue();
            assertThat(restore.minBatteryCharge()).isEqualTo(60);
            assertThat(restore.order()).containsExactly("control_planes", "workers", "other_hosts");
            assertThat(restore.powerOn("cp-1")).isEqualTo(new HecateConfig.PowerOn(HecateConfig.PowerOn.Method.WAKE_ON_LAN,
                    "AA:BB:CC:DD:EE:01", "255.255.255.255", 9, List.of()));
            assertThat(restore.powerOn("w-1").command()).containsExactly("ipmitool", "-H", "bmc-w1", "-P", "s3cret", "chassis",
                    "power", "on");
            assertThat(restore.powerOn("w-1").toString()).doesNotContain("s3cret").contains("ipmitool (arguments redacted)");
            assertThat(restore.nodesInOrder(config.nodes())).containsExactlyElementsOf(config.nodes().cluster());
        }

        @ParameterizedTest
        @ValueSource(strings = {"ups@localhost", "ups@localhost:3493", "my-ups.1@10.0.0.5:3493", "ups@[::1]:3493"})
        void upsTargets(String target) throws IOException {
            assertThat(load(MINIMAL + "ups:\n  target: \"" + target + "\"\n").ups().target()).isEqualTo(target);
        }
    }

    @Nested
    class ListsEveryMistake {

        @Test
        void eachWithItsLineKeyValueAndFix() throws IOException {
            Path file = write(MINIMAL + "ssh_port: abc\nups:\n  target: nowhere\n  runtime_safety_factor: 0.5\nclustr_name: x\n");
            ConfigException thrown = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
            assertThat(thrown.problems()).containsExactly(
                    file + ":4: ssh_port must be a whole number, got \"abc\"",
                    file + ":6: ups.target must be name@host[:port], got \"nowhere\"",
                    file + ":7: ups.runtime_safety_factor must be between 1.0 and 10.0, got 0.5",
                    file + ":8: unknown key clustr_name; did you mean cluster_name?");
            assertThat(thrown.getMessage()).startsWith(file + ": 4 mistakes:\n  " + file + ":4: ssh_port");
        }

        @Test
        void aRecursiveAliasWithoutOverflowingTheStack() throws IOException {
            assertThat(errorOf(MINIMAL + "cluster_name: &r {k: [*r]}\n"))
                    .isEqualTo(dir.resolve("hecate.yaml") + ":4: cluster_name.k[0] refers to itself through a YAML alias (r);"
                            + " write the value out instead");
        }

        @Test
        void aFileThatIsNotUtf8ByLineAndByte() throws IOException {
            Path file = dir.resolve("hecate.yaml");
            byte[] head = (MINIMAL + "cluster_name: caf").getBytes(StandardCharsets.UTF_8);
            byte[] bytes = Arrays.copyOf(head, head.length + 2);
            bytes[head.length] = (byte) 0xE9;
            bytes[head.length + 1] = '\n';
            Files.write(file, bytes);
            assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                    .hasMessage(file + ":4: not UTF-8 text (byte 0xE9 at offset " + head.length + "); save the file as UTF-8");
        }

        @Test
        void aBinaryValueAsBinaryNotAsAnArrayAddress() throws IOException {
            assertThat(errorOf(MINIMAL + "cluster_name: !!binary aGVsbG8=\n"))
                    .endsWith("hecate.yaml:4: cluster_name must be a string, got binary data (!!binary, 5 bytes)");
        }

        @Test
        void aYamlSyntaxErrorByLine() throws IOException {
            assertThat(errorOf(MINIMAL + "ups:\n  target: [unclosed\n")).startsWith(dir.resolve("hecate.yaml") + ":6: not valid YAML");
        }
    }

    @Nested
    class Refuses {

        @Test
        void anUnknownTopLevelKey() throws IOException {
            assertThat(errorOf(MINIMAL + "clustr_name: titan\n")).endsWith("hecate.yaml:4: unknown key clustr_name; did you mean cluster_name?");
        }

        @Test
        void anUnknownNestedKey() throws IOException {
            assertThat(errorOf(MINIMAL + "ups:\n  runtime_safty_factor: 1.5\n")).endsWith("hecate.yaml:5: unknown key ups.runtime_safty_factor; did you mean ups.runtime_safety_factor?");
        }

        @Test
        void killPowerWithoutCredentials() throws IOException {
            assertThat(errorOf(MINIMAL + "ups:\n  kill_power_after_shutdown: true\n"))
                    .contains("ups.kill_power_after_shutdown needs ups.username and ups.password")
                    .contains("instcmds = shutdown.return");
        }

        @Test
        void aStateDirThatIsAFile() throws IOException {
            Path file = Files.writeString(dir.resolve("not-a-dir"), "");

            assertThat(errorOf(MINIMAL + "state_dir: " + file + "\n"))
                    .contains("state_dir must be a directory").contains(file.toString());
        }

        @Test
        void aRestoreNodeThatIsInNoNodeList() throws IOException {
            assertThat(errorOf(MINIMAL + "restore:\n  nodes:\n    ghost:\n      power_on: none\n"))
                    .contains("restore.nodes").contains("names a node that is in no node list").contains("ghost");
        }

        @Test
        void aWakeOnLanNodeWithoutAMac() throws IOException {
            assertThat(errorOf(MINIMAL + "restore:\n  nodes:\n    cp-1:\n      power_on: wake_on_lan\n      mac: nope\n"))
                    .contains("restore.nodes.cp-1.mac").contains("MAC address").contains("nope");
        }

        @Test
        void aPowerOnCommandThatNeedsAShellWithoutShowingIt() throws IOException {
            assertThat(errorOf(MINIMAL + "restore:\n  nodes:\n    cp-1:\n      power_on: command\n"
                    + "      power_on_command: ipmitool -P 's3cret' chassis power on\n"))
                    .contains("restore.nodes.cp-1.power_on_command").contains("without a shell").doesNotContain("s3cret");
        }

        @ParameterizedTest
        @ValueSource(strings = {"systemctl poweroff; rm -rf /", "sh -c 'poweroff'", "poweroff $NOW", "\"\""})
        void aPoweroffSelfCommandThatNeedsAShell(String command) throws IOException {
            assertThat(errorOf(MINIMAL + "shutdown:\n  poweroff_self_command: '" + command.replace("'", "''") + "'\n"))
                    .contains("shutdown.poweroff_self_command must be a command and its arguments separated by blanks");
        }

        @Test
        void anEmptyPoweroffSelfCommand() throws IOException {
            assertThat(errorOf(MINIMAL + "shutdown:\n  poweroff_self_command: \"  \"\n"))
                    .contains("shutdown.poweroff_self_command must name a command");
        }

        @Test
        void aWrongType() throws IOException {
            assertThat(errorOf(MINIMAL + "ssh_port: abc\n")).endsWith("hecate.yaml:4: ssh_port must be a whole number, got \"abc\"");
        }

        @Test
        void aValueOutOfRange() throws IOException {
            assertThat(errorOf(MINIMAL + "ups:\n  runtime_safety_factor: 0.8\n"))
                    .endsWith("hecate.yaml:5: ups.runtime_safety_factor must be between 1.0 and 10.0, got 0.8");
        }

        @Test
        void aSafetyFactorThatIsNotANumber() throws IOException {
            assertThat(errorOf(MINIMAL + "ups:\n  runtime_safety_factor: .nan\n"))
                    .contains("ups.runtime_safety_factor must be between 1.0 and 10.0, got NaN");
        }

        @Test
        void anUnknownSudoMode() throws IOException {
            assertThat(errorOf(MINIMAL + "ssh_sudo: sometimes\n")).contains("hecate.yaml:4: ssh_sudo must be one of")
                    .contains("auto").endsWith("got \"sometimes\"");
        }

        @Test
        void aViewerAddressWithoutPort() throws IOException {
            assertThat(errorOf(MINIMAL + "ui:\n  listen: localhost\n")).endsWith("ui.listen must be [host]:port, got \"localhost\"");
        }

        @Test
        void aPortOutOfRange() throws IOException {
            assertThat(errorOf(MINIMAL + "ssh_port: 70000\n")).endsWith("ssh_port must be between 1 and 65535, got 70000");
        }

        @ParameterizedTest
        @ValueSource(strings = {"pyrphoros", "@localhost", "ups@", "ups@host:abc", "ups@host:3493:1", "ups@host:99999"})
        void aBadUpsTarget(String target) throws IOException {
            assertThat(errorOf(MINIMAL + "ups:\n  target: \"" + target + "\"\n"))
                    .endsWith("ups.target must be name@host[:port], got \"" + target + "\"");
        }

        @Test
        void aPeerWithoutCoordinatorHost() throws IOException {
            assertThat(errorOf(MINIMAL + "coordination:\n  role: peer\n"))
                    .endsWith("coordination.coordinator_host must be set when role is peer, got \"\"");
        }

        @Test
        void aNegativeCoordinatorBootWait() throws IOException {
            assertThat(errorOf(MINIMAL + "coordination:\n  coordinator_boot_wait_seconds: -5\n"))
                    .endsWith("coordination.coordinator_boot_wait_seconds must be between 0 and 3600, got -5");
        }

        @Test
        void anUnknownRole() throws IOException {
            assertThat(errorOf(MINIMAL + "coordination:\n  role: leader\n"))
                    .contains("coordination.role must be one of").endsWith("got \"leader\"");
        }

        @Test
        void anSshHostForANodeInNoList() throws IOException {
            assertThat(errorOf(MINIMAL + "ssh_node_hosts:\n  cp-1: 10.0.0.1\n  titan-99: 10.0.0.99\n"))
                    .endsWith("ssh_node_hosts names a node that is in no node list, got \"titan-99\"");
        }

        @Test
        void anEtcdRestoreNodeThatIsNoControlPlane() throws IOException {
            assertThat(errorOf(MINIMAL + "startup:\n  etcd_restore_control_plane: w-1\n"))
                    .endsWith("startup.etcd_restore_control_plane must be one of nodes.control_planes, got \"w-1\"");
        }

        @Test
        void theLegacyBudgetKeyWithAMigrateHint() throws IOException {
            assertThat(errorOf(MINIMAL + "shutdown:\n  default_budget_seconds: 300\n"))
                    .contains("unknown key shutdown.default_budget_seconds")
                    .contains("hecate config migrate");
        }

        @Test
        void aTopLevelLegacyKeyWithAMigrateHint() throws IOException {
            assertThat(errorOf(MINIMAL + "default_budget_seconds: 300\n"))
                    .contains("unknown key default_budget_seconds").contains("hecate config migrate");
        }

        @Test
        void malformedYaml() throws IOException {
            assertThat(errorOf(MINIMAL + "ups:\n  target: [unclosed\n")).contains("not valid YAML");
        }

        @Test
        void aDocumentThatIsNoMapping() throws IOException {
            assertThat(errorOf("- just\n- a list\n")).contains("top level must be a mapping");
        }

        @Test
        void aKeyThatIsNoString() throws IOException {
            assertThat(errorOf(MINIMAL + "123: x\n")).contains("unknown key 123");
        }

        @Test
        void aKeyGivenTwice() throws IOException {
            assertThat(errorOf(MINIMAL + "ssh_port: 22\nssh_port: 2222\n")).contains("ssh_port");
        }

        @Test
        void aMissingFile() {
            Path missing = dir.resolve("nope.yaml");
            assertThatThrownBy(() -> ConfigLoader.load(missing))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(missing + ": no such file");
        }

        @Test
        void noControlPlanes() throws IOException {
            assertThat(errorOf("nodes:\n  control_planes: []\n  workers: [w-1]\n"))
                    .endsWith("nodes.control_planes must list at least one control-plane node, got []");
        }

        @Test
        void anEmptyFile() throws IOException {
            assertThat(errorOf("")).contains("nodes.control_planes must list at least one control-plane node");
        }

        @Test
        void aNodeListedTwice() throws IOException {
            assertThat(errorOf("nodes:\n  control_planes: [cp-1]\n  workers: [cp-1]\n")).endsWith("nodes lists a node twice, got \"cp-1\"");
        }

        @Test
        void aQuorumLargerThanTheCluster() throws IOException {
            assertThat(errorOf(MINIMAL + "startup:\n  time_sync_quorum: 4\n"))
                    .endsWith("startup.time_sync_quorum must not exceed the 3 cluster nodes, got 4");
        }

        @Test
        void aProbeWithoutHttpUrl() throws IOException {
            assertThat(errorOf(MINIMAL + "startup:\n  post_start_probes:\n    - {url: ftp://x}\n"))
                    .endsWith("startup.post_start_probes[0].url must be an http:// or https:// URL, got \"ftp://x\"");
        }

        @Test
        void aWrongListItem() throws IOException {
            assertThat(errorOf("nodes:\n  control_planes: [cp-1, {a: b}]\n")).contains("nodes.control_planes[1] must be a non-empty string");
        }
    }

    @Test
    void errorsNameTheWholeChain() throws IOException {
        List<String> messages = List.of(errorOf(MINIMAL + "ups: 5\n"));
        assertThat(messages.get(0)).endsWith("ups must be a mapping, got 5");
    }
}
