package io.hecate.drills.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** The files Hecate reads to reach the lab: config, kubeconfig, SSH identity and known_hosts, bootstrap. */
final class LabFiles {

    private final Lab lab;
    private final Path dir;
    private final Map<String, Object> overrides = new LinkedHashMap<>();

    LabFiles(Lab lab) {
        this.lab = lab;
        this.dir = lab.spec().workDir();
    }

    Path configFile() {
        return dir.resolve("hecate.yaml");
    }

    Path kubeconfigFile() {
        return dir.resolve("kubeconfig");
    }

    Path identityFile() {
        return dir.resolve("id_ed25519");
    }

    Path knownHostsFile() {
        return dir.resolve("known_hosts");
    }

    Path bootstrapDir() {
        return dir.resolve("bootstrap").resolve("gitea");
    }

    Path stateDir() {
        return dir.resolve("state");
    }

    /** Stands in for systemctl poweroff of Hecate's own host: it only appends the time it ran. */
    Path poweroffSelfScript() {
        return dir.resolve("poweroff-self");
    }

    /** One line per call of {@link #poweroffSelfScript()}: seconds.nanoseconds since the epoch. */
    Path poweroffSelfCalls() {
        return dir.resolve("poweroff-self.calls");
    }

    void writeAll() throws IOException, GeneralSecurityException {
        Files.createDirectories(stateDir());
        lab.sshd().writeClientKey(identityFile());
        writeKnownHosts();
        writeKubeconfig();
        writeBootstrap();
        writePoweroffSelfScript();
        writeConfig();
    }

    private void writePoweroffSelfScript() throws IOException {
        Files.writeString(poweroffSelfScript(), "#!/bin/sh\n# The lab's poweroff of Hecate's host: records the call, powers nothing off.\n"
                + "date +%s.%N >> '" + poweroffSelfCalls() + "'\n");
        poweroffSelfScript().toFile().setExecutable(true);
    }

    /** Sets a config key (dotted for sections, e.g. {@code shutdown.emergency_budget_seconds}) and rewrites the file. */
    synchronized void configure(String dottedKey, Object value) throws IOException {
        overrides.put(dottedKey, value);
        writeConfig();
    }

    private synchronized void writeConfig() throws IOException {
        Map<String, Object> config = config();
        overrides.forEach((key, value) -> put(config, key, value));
        Files.writeString(configFile(), "# Written by the Hecate lab; every address points into this JVM.\n"
                + "# metrics.listen port 0: the daemon takes a free port and prints it.\n"
                + yaml().dump(config));
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> config, String dottedKey, Object value) {
        String[] path = dottedKey.split("\\.");
        Map<String, Object> section = config;
        for (int i = 0; i < path.length - 1; i++) {
            if (!(section.get(path[i]) instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("lab config has no section " + path[i] + " (key " + dottedKey + ")");
            }
            section = (Map<String, Object>) section.get(path[i]);
        }
        if (!section.containsKey(path[path.length - 1])) {
            throw new IllegalArgumentException("lab config has no key " + dottedKey);
        }
        section.put(path[path.length - 1], value);
    }

    private void writeKnownHosts() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (LabNode node : lab.nodes()) {
            lines.append(LabSshd.knownHostsLine(node.sshPort(), node.hostKey())).append('\n');
        }
        Files.writeString(knownHostsFile(), lines);
    }

    private void writeKubeconfig() throws IOException {
        Files.writeString(kubeconfigFile(), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: lab
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: lab
                  context:
                    cluster: lab
                    user: lab-admin
                    namespace: default
                current-context: lab
                users:
                - name: lab-admin
                  user:
                    token: lab-admin-token
                """.formatted(lab.apiPort()));
    }

    /** What Hecate applies when Flux cannot fetch because Gitea itself is down. */
    private void writeBootstrap() throws IOException {
        Files.createDirectories(bootstrapDir());
        Deployment gitea = LabCluster.giteaDeployment();
        gitea.setStatus(null);
        Files.writeString(bootstrapDir().resolve("gitea-deployment.yaml"), Serialization.asYaml(gitea));
        Files.writeString(bootstrapDir().resolve("gitea-service.yaml"), Serialization.asYaml(new ServiceBuilder()
                .withNewMetadata().withNamespace("gitea").withName("gitea-http").endMetadata().withNewSpec()
                .addToSelector("app", "gitea").addNewPort().withName("http").withPort(3000)
                .withNewTargetPort(3000).endPort().endSpec().build()));
    }

    private Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("cluster_name", "lab");
        c.put("kubeconfig", kubeconfigFile().toString());
        c.put("state_dir", stateDir().toString());
        c.put("nodes", map("control_planes", lab.controlPlanes(), "workers", lab.workers(), "other_hosts", List.of()));
        c.put("ssh_user", "root");
        c.put("ssh_port", 22);
        c.put("ssh_config_file", "");
        c.put("ssh_identity_file", identityFile().toString());
        c.put("ssh_known_hosts_file", knownHostsFile().toString());
        Map<String, Object> hosts = new LinkedHashMap<>();
        lab.nodes().forEach(node -> hosts.put(node.name(), node.sshAddress()));
        c.put("ssh_node_hosts", hosts);
        c.put("ssh_node_users", Map.of());
        c.put("ssh_managed_nodes", List.of());
        c.put("ssh_jump_host", "");
        c.put("ssh_jump_user", "");
        c.put("ssh_sudo", "auto");
        c.put("ssh_connect_timeout_seconds", 2);
        c.put("ssh_command_timeout_seconds", 10);
        c.put("ups", map("target", lab.ups().target(), "username", LabUps.USERNAME, "password", LabUps.PASSWORD,
                "poll_interval_seconds", 1, "on_battery_poll_interval_seconds", 1, "debounce_polls", 2,
                "runtime_safety_factor", 1.25, "stale_after_seconds", 5, "dead_time_seconds", 10,
                "mains_restore_seconds", 2, "kill_power_after_shutdown", false));
        c.put("coordination", map("role", "coordinator", "coordinator_host", "", "coordinator_user", "root",
                "coordinator_command", "hecate", "coordinator_config", configFile().toString(),
                "forward_to_coordinator", true, "fallback_local_shutdown", true, "allow_startup_on_battery", false,
                "coordinator_boot_wait_seconds", 120));
        c.put("shutdown", map("estimated_shutdown_budget_seconds", 60,
                "estimated_emergency_shutdown_budget_seconds", 30, "emergency_budget_seconds", 20,
                "emergency_skip_drain", true, "emergency_skip_etcd_snapshot", true, "budget_learning_min_samples", 3,
                "drain_timeout_seconds", 10, "node_stop_timeout_seconds", 10, "retries", 1,
                "retry_interval_seconds", 1, "poweroff_order", List.of("workers", "control_planes", "other_hosts"),
                "poweroff_self", false, "poweroff_self_command", poweroffSelfScript().toString(), "poweroff_timeout_seconds", 5));
        c.put("startup", map("time_sync_mode", "quorum", "time_sync_quorum", 2, "time_sync_timeout_seconds", 10,
                "api_timeout_seconds", 20, "nodes_ready_timeout_seconds", 30,
                "auto_etcd_restore_on_api_failure", false, "etcd_restore_control_plane", lab.controlPlanes().get(0),
                "datastore_endpoint", "", "require_storage_ready", true,
                "critical_pvcs", List.of("apps/data", "vault/data-vault-0"), "storage_timeout_seconds", 20,
                "require_post_start_probes", false, "post_start_probes", List.of(), "probe_retries", 2,
                "vault_addresses", new ArrayList<>(), "vault_namespace", "vault", "vault_pod_selector", "app.kubernetes.io/name=vault",
                "vault_init_secret", "vault/vault-init",
                "vault_unseal_key_file", "", "vault_unseal_breakglass_command", "",
                "vault_unseal_breakglass_timeout_seconds", 15));
        Map<String, Object> powerOn = new LinkedHashMap<>();
        lab.nodes().forEach(node -> powerOn.put(node.name(), map("power_on", "wake_on_lan", "mac", node.mac(),
                "broadcast", "127.0.0.1", "port", node.wakePort())));
        c.put("restore", map("enabled", true, "min_battery_charge", 50,
                "order", List.of("control_planes", "workers", "other_hosts"), "ssh_timeout_seconds", 20,
                "power_on_command_timeout_seconds", 5, "nodes", powerOn));
        c.put("flux", map("namespace", "flux-system", "git_repository", "flux-system", "gitea_namespace", "gitea",
                "gitea_deployment", "gitea", "bootstrap_path", bootstrapDir().toString(), "ready_timeout_seconds", 20));
        c.put("metrics", map("listen", "127.0.0.1:0"));
        c.put("workflows", map("dir", ""));
        c.put("ui", map("listen", "127.0.0.1:0"));
        return c;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        // An operator reads and edits this file: equal values written out, never as &id001 anchors and *id001 aliases.
        options.setDereferenceAliases(true);
        return new Yaml(options);
    }
}
