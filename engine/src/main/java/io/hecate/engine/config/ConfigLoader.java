package io.hecate.engine.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/** Reads hecate.yaml into {@link HecateConfig}; every problem is a {@link ConfigException} naming file, key and value. */
public final class ConfigLoader {

    private static final Pattern UPS_TARGET = Pattern.compile("[A-Za-z0-9_.-]+@(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_.-]+)(:(\\d{1,5}))?");
    private static final Pattern NAMESPACED = Pattern.compile("[a-z0-9][a-z0-9.-]*/[a-z0-9][a-z0-9.-]*");
    private static final Pattern LISTEN = Pattern.compile("[A-Za-z0-9_.\\[\\]:-]*:\\d{1,5}");
    private static final Set<String> POWEROFF_GROUPS = Set.of("workers", "control_planes", "other_hosts");
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final Pattern SHELL_SYNTAX = Pattern.compile("[\"'$;|&<>`\\\\]");
    private static final int DAY = 86_400;

    private ConfigLoader() {
    }

    public static HecateConfig load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(file, utf8(file, bytes));
    }

    /** The file's text; bytes that are not UTF-8 are named by line and offset rather than "Input length = 1". */
    private static String utf8(Path file, byte[] bytes) {
        ByteBuffer input = ByteBuffer.wrap(bytes);
        CharBuffer output = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(input, output, true);
        if (result.isError()) {
            int offset = input.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new ConfigException(String.format("%s:%d: not UTF-8 text (byte 0x%02X at offset %d); save the file as UTF-8",
                    file, line, bytes[offset] & 0xff, offset));
        }
        return output.flip().toString();
    }

    static HecateConfig parse(Path file, String text) {
        String name = file.toString();
        Object document;
        Map<String, Integer> lines;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Node root = new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options).getSingleNode();
            lines = YamlLines.of(name, root);
            document = new Values(options).of(root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new ConfigException(name + (mark == null ? "" : ":" + (mark.getLine() + 1)) + ": not valid YAML: "
                    + (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigException(name + ": not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        if (document != null && !(document instanceof Map)) {
            throw new ConfigException(name + ": the top level must be a mapping of keys, got " + document.getClass().getSimpleName());
        }
        ConfigProblems problems = new ConfigProblems(name, lines);
        @SuppressWarnings("unchecked")
        Section root = new Section(problems, "", (Map<String, Object>) document);
        HecateConfig config = new HecateConfig(
                file.toAbsolutePath(),
                root.string("cluster_name", "titan"),
                root.path("kubeconfig", ""),
                root.path("state_dir", "/var/lib/hecate"),
                nodes(root.section("nodes")),
                ssh(root),
                ups(root.section("ups")),
                coordination(root.section("coordination")),
                shutdown(root.section("shutdown")),
                startup(root.section("startup")),
                restore(root.section("restore")),
                flux(root.section("flux")),
                metrics(root.section("metrics")),
                new HecateConfig.Workflows(workflowsDir(root.section("workflows"))),
                ui(root.section("ui")));
        root.finish();
        if (problems.isEmpty()) {
            // Checks across keys would only echo a mistake above (a default standing in for a bad value).
            crossCheck(problems, config);
        }
        problems.throwIfAny();
        return config;
    }

    private static HecateConfig.Nodes nodes(Section s) {
        List<String> controlPlanes = s.strings("control_planes", List.of());
        if (controlPlanes.isEmpty()) {
            s.problem("control_planes", "must list at least one control-plane node", controlPlanes);
        }
        HecateConfig.Nodes nodes = new HecateConfig.Nodes(controlPlanes, s.strings("workers", List.of()), s.strings("other_hosts", List.of()));
        Set<String> seen = new HashSet<>();
        for (String node : concat(nodes.cluster(), nodes.otherHosts())) {
            if (!seen.add(node)) {
                s.problem("", "lists a node twice", node);
            }
        }
        s.finish();
        return nodes;
    }

    private static HecateConfig.Ssh ssh(Section s) {
        return new HecateConfig.Ssh(
                s.string("ssh_user", "root"),
                s.integer("ssh_port", 22, 1, 65_535),
                s.path("ssh_config_file", ""),
                s.path("ssh_identity_file", ""),
                s.path("ssh_known_hosts_file", ""),
                s.stringMap("ssh_node_hosts"),
                s.stringMap("ssh_node_users"),
                s.strings("ssh_managed_nodes", List.of()),
                s.string("ssh_jump_host", ""),
                s.string("ssh_jump_user", ""),
                s.choice("ssh_sudo", "auto", Set.of("auto", "always", "never")),
                seconds(s, "ssh_connect_timeout_seconds", 10, 1, 600),
                seconds(s, "ssh_command_timeout_seconds", 120, 1, DAY));
    }

    private static HecateConfig.Ups ups(Section s) {
        String target = s.string("target", "pyrphoros@localhost:3493");
        Matcher targetMatch = UPS_TARGET.matcher(target);
        if (!targetMatch.matches() || targetMatch.group(3) != null && Integer.parseInt(targetMatch.group(3)) > 65_535) {
            s.problem("target", "must be name@host[:port]", target);
        }
        HecateConfig.Ups ups = new HecateConfig.Ups(
                target,
                s.string("username", ""),
                s.string("password", ""),
                seconds(s, "poll_interval_seconds", 5, 1, 3600),
                seconds(s, "on_battery_poll_interval_seconds", 1, 1, 3600),
                s.integer("debounce_polls", 3, 1, 100),
                s.decimal("runtime_safety_factor", 1.25, 1.0, 10.0),
                seconds(s, "stale_after_seconds", 15, 1, 3600),
                seconds(s, "dead_time_seconds", 60, 1, DAY),
                seconds(s, "mains_restore_seconds", 300, 0, DAY),
                s.bool("kill_power_after_shutdown", false));
        s.finish();
        return ups;
    }

    private static HecateConfig.Coordination coordination(Section s) {
        HecateConfig.Coordination coordination = new HecateConfig.Coordination(
                s.choice("role", "coordinator", Set.of("coordinator", "peer")),
                s.string("coordinator_host", ""),
                s.string("coordinator_user", "root"),
                s.string("coordinator_command", "hecate"),
                s.string("coordinator_config", "/etc/hecate/hecate.yaml"),
                s.bool("forward_to_coordinator", true),
                s.bool("fallback_local_shutdown", true),
                s.bool("allow_startup_on_battery", false),
                seconds(s, "coordinator_boot_wait_seconds", 120, 0, 3600));
        if (coordination.isPeer() && coordination.coordinatorHost().isBlank()) {
            s.problem("coordinator_host", "must be set when role is peer", coordination.coordinatorHost());
        }
        s.finish();
        return coordination;
    }

    private static HecateConfig.Shutdown shutdown(Section s) {
        List<String> order = groups(s, "poweroff_order", List.of("workers", "control_planes", "other_hosts"));
        HecateConfig.Shutdown shutdown = new HecateConfig.Shutdown(
                seconds(s, "estimated_shutdown_budget_seconds", 600, 1, DAY),
                seconds(s, "estimated_emergency_shutdown_budget_seconds", 180, 1, DAY),
                seconds(s, "emergency_budget_seconds", 120, 1, DAY),
                s.bool("emergency_skip_drain", true),
                s.bool("emergency_skip_etcd_snapshot", true),
                s.integer("budget_learning_min_samples", 3, 1, 1000),
                seconds(s, "drain_timeout_seconds", 180, 1, DAY),
                seconds(s, "node_stop_timeout_seconds", 120, 1, DAY),
                s.integer("retries", 2, 0, 100),
                seconds(s, "retry_interval_seconds", 5, 0, 3600),
                order,
                s.bool("poweroff_self", false),
                command(s, "poweroff_self_command", "systemctl poweroff", false),
                seconds(s, "poweroff_timeout_seconds", 30, 1, DAY));
        s.finish();
        return shutdown;
    }

    /** Node groups in order, each at most once. */
    private static List<String> groups(Section s, String key, List<String> fallback) {
        List<String> order = s.strings(key, fallback);
        for (String group : order) {
            if (!POWEROFF_GROUPS.contains(group)) {
                s.problem(key, "may only name workers, control_planes and other_hosts", group);
            }
        }
        if (new HashSet<>(order).size() != order.size()) {
            s.problem(key, "names a group twice", order);
        }
        return order;
    }

    /** Run without a shell (ProcessBuilder), so the words are split here and shell syntax is refused. */
    private static List<String> command(Section s, String key, String fallback, boolean secret) {
        String command = s.string(key, fallback);
        Object shown = secret ? "(value not shown: it may hold a password)" : command;
        if (command.isBlank()) {
            s.problem(key, "must name a command", shown);
        } else if (SHELL_SYNTAX.matcher(command).find()) {
            s.problem(key, "must be a command and its arguments separated by blanks: it runs"
                    + " without a shell, so quotes, $, ;, |, &, <, > and ` do not work", shown);
        }
        return List.of(command.strip().split("\\s+"));
    }

    private static HecateConfig.Startup startup(Section s) {
        List<String> pvcs = s.strings("critical_pvcs", List.of());
        pvcs.forEach(pvc -> namespaced(s, "critical_pvcs", pvc));
        List<HecateConfig.Probe> probes = new ArrayList<>();
        for (Section probe : s.sections("post_start_probes")) {
            String url = probe.string("url", "");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                probe.problem("url", "must be an http:// or https:// URL", url);
            }
            probes.add(new HecateConfig.Probe(url, probe.integer("expected_status", 200, 100, 599),
                    seconds(probe, "timeout_seconds", 5, 1, 600), probe.bool("insecure_skip_tls_verify", false)));
            probe.finish();
        }
        String secret = s.string("vault_init_secret", "vault/vault-init");
        namespaced(s, "vault_init_secret", secret);
        HecateConfig.Startup startup = new HecateConfig.Startup(
                s.choice("time_sync_mode", "quorum", Set.of("strict", "quorum", "off")),
                s.integer("time_sync_quorum", 2, 1, 1000),
                seconds(s, "time_sync_timeout_seconds", 300, 1, DAY),
                seconds(s, "api_timeout_seconds", 300, 1, DAY),
                seconds(s, "nodes_ready_timeout_seconds", 600, 1, DAY),
                s.bool("auto_etcd_restore_on_api_failure", false),
                s.string("etcd_restore_control_plane", ""),
                s.string("datastore_endpoint", ""),
                s.bool("require_storage_ready", true),
                pvcs,
                seconds(s, "storage_timeout_seconds", 600, 1, DAY),
                s.bool("require_post_start_probes", false),
                List.copyOf(probes),
                s.integer("probe_retries", 10, 0, 1000),
                s.strings("vault_addresses", List.of()),
                s.string("vault_namespace", "vault"),
                labelSelector(s, "vault_pod_selector", "app.kubernetes.io/name=vault"),
                secret,
                s.path("vault_unseal_key_file", ""),
                s.string("vault_unseal_breakglass_command", ""),
                seconds(s, "vault_unseal_breakglass_timeout_seconds", 15, 1, 3600));
        s.finish();
        return startup;
    }

    private static final java.util.regex.Pattern LABEL =
            java.util.regex.Pattern.compile("([A-Za-z0-9][A-Za-z0-9._/-]*)=([A-Za-z0-9._-]*)");

    /** Equality terms only ({@code key=value,...}): what the pod list needs, and all the client sends. */
    private static Map<String, String> labelSelector(Section s, String key, String fallback) {
        String selector = s.string(key, fallback);
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (String term : selector.split(",", -1)) {
            java.util.regex.Matcher m = LABEL.matcher(term.strip());
            if (!m.matches()) {
                s.problem(key, "must be key=value terms joined by commas", selector);
                return Map.of();
            }
            labels.put(m.group(1), m.group(2));
        }
        return Map.copyOf(labels);
    }

    private static HecateConfig.Restore restore(Section s) {
        List<String> order = groups(s, "order", List.of("control_planes", "workers", "other_hosts"));
        Map<String, HecateConfig.PowerOn> powerOn = new java.util.LinkedHashMap<>();
        Section nodes = s.section("nodes");
        for (String node : nodes.keys()) {
            powerOn.put(node, powerOn(nodes.section(node)));
        }
        nodes.finish();
        HecateConfig.Restore restore = new HecateConfig.Restore(
                s.bool("enabled", true),
                s.integer("min_battery_charge", 50, 0, 100),
                order,
                seconds(s, "ssh_timeout_seconds", 600, 1, DAY),
                seconds(s, "power_on_command_timeout_seconds", 30, 1, 3600),
                Map.copyOf(powerOn));
        s.finish();
        return restore;
    }

    private static HecateConfig.PowerOn powerOn(Section s) {
        String method = s.choice("power_on", "none", Set.of("wake_on_lan", "command", "none"));
        HecateConfig.PowerOn powerOn = switch (method) {
            case "wake_on_lan" -> {
                String mac = s.string("mac", "");
                if (!MAC.matcher(mac).matches()) {
                    s.problem("mac", "must be a MAC address like aa:bb:cc:dd:ee:ff", mac);
                }
                String broadcast = s.string("broadcast", "255.255.255.255");
                if (!HOST.matcher(broadcast).matches()) {
                    s.problem("broadcast", "must be a broadcast address or host name", broadcast);
                }
                yield new HecateConfig.PowerOn(HecateConfig.PowerOn.Method.WAKE_ON_LAN, mac, broadcast,
                        s.integer("port", 9, 1, 65_535), List.of());
            }
            case "command" -> new HecateConfig.PowerOn(HecateConfig.PowerOn.Method.COMMAND, "", "", 0,
                    command(s, "power_on_command", "", true));
            default -> HecateConfig.PowerOn.NONE;
        };
        s.finish();
        return powerOn;
    }

    private static HecateConfig.Flux flux(Section s) {
        HecateConfig.Flux flux = new HecateConfig.Flux(
                s.string("namespace", "flux-system"),
                s.string("git_repository", "flux-system"),
                s.string("gitea_namespace", "gitea"),
                s.string("gitea_deployment", "gitea"),
                s.path("bootstrap_path", ""),
                seconds(s, "ready_timeout_seconds", 600, 1, DAY));
        s.finish();
        return flux;
    }

    private static HecateConfig.Metrics metrics(Section s) {
        String listen = s.string("listen", ":9560");
        if (!LISTEN.matcher(listen).matches()) {
            s.problem("listen", "must be [host]:port", listen);
        }
        s.finish();
        return new HecateConfig.Metrics(listen);
    }

    private static HecateConfig.Ui ui(Section s) {
        String listen = s.string("listen", "127.0.0.1:9561");
        if (!LISTEN.matcher(listen).matches()) {
            s.problem("listen", "must be [host]:port", listen);
        }
        s.finish();
        return new HecateConfig.Ui(listen);
    }

    private static Path workflowsDir(Section s) {
        Path dir = s.path("dir", "");
        s.finish();
        return dir;
    }

    private static void crossCheck(ConfigProblems problems, HecateConfig config) {
        if (Files.exists(config.stateDir()) && !Files.isDirectory(config.stateDir())) {
            problems.add("state_dir", "must be a directory (or not exist yet), not a file", config.stateDir().toString());
        }
        Set<String> known = new HashSet<>(concat(config.nodes().cluster(), config.nodes().otherHosts()));
        for (var entry : Map.of("ssh_node_hosts", config.ssh().nodeHosts().keySet(),
                "ssh_node_users", config.ssh().nodeUsers().keySet(),
                "ssh_managed_nodes", Set.copyOf(config.ssh().managedNodes())).entrySet()) {
            for (String node : entry.getValue()) {
                if (!known.contains(node)) {
                    problems.add(entry.getKey(), "names a node that is in no node list", node);
                }
            }
        }
        if (config.ups().killPowerAfterShutdown() && config.ups().username().isEmpty()) {
            problems.add("ups.kill_power_after_shutdown", "needs ups.username and ups.password (a upsd.users entry with"
                    + " 'instcmds = shutdown.return' and 'upsmon primary')", true);
        }
        for (String node : config.restore().powerOn().keySet()) {
            if (!known.contains(node)) {
                problems.add("restore.nodes", "names a node that is in no node list", node);
            }
        }
        String restoreNode = config.startup().etcdRestoreControlPlane();
        if (!restoreNode.isEmpty() && !config.nodes().controlPlanes().contains(restoreNode)) {
            problems.add("startup.etcd_restore_control_plane", "must be one of nodes.control_planes", restoreNode);
        }
        int clusterSize = config.nodes().cluster().size();
        if ("quorum".equals(config.startup().timeSyncMode()) && config.startup().timeSyncQuorum() > clusterSize) {
            problems.add("startup.time_sync_quorum", "must not exceed the " + clusterSize + " cluster nodes",
                    config.startup().timeSyncQuorum());
        }
    }

    private static void namespaced(Section s, String key, String value) {
        if (!NAMESPACED.matcher(value).matches()) {
            s.problem(key, "must be namespace/name", value);
        }
    }

    private static Duration seconds(Section s, String key, int fallback, int min, int max) {
        return Duration.ofSeconds(s.integer(key, fallback, min, max));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * The values of a document composed once: the key lines ({@link YamlLines}) and the values come from the same nodes,
     * as {@code Yaml.load} would build them (a second parse cost ~12 ms of every command's start).
     */
    private static final class Values extends SafeConstructor {

        /** The options as {@code new Yaml(constructor)} hands them on (the constructor keeps its own copies). */
        Values(LoaderOptions options) {
            super(options);
            setAllowDuplicateKeys(options.isAllowDuplicateKeys());
            setWarnOnDuplicateKeys(options.isWarnOnDuplicateKeys());
            setWrappedToRootException(options.isWrappedToRootException());
        }

        Object of(Node root) {
            return root == null || Tag.NULL.equals(root.getTag()) ? null : constructDocument(root);
        }
    }
}
