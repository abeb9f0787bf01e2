package io.hecate.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The whole validated configuration; built only by {@link ConfigLoader}. */
public record HecateConfig(
        Path file,
        String clusterName,
        Path kubeconfig,
        Path stateDir,
        Nodes nodes,
        Ssh ssh,
        Ups ups,
        Coordination coordination,
        Shutdown shutdown,
        Startup startup,
        Restore restore,
        Flux flux,
        Metrics metrics,
        Workflows workflows,
        Ui ui) {

    public Path intentFile() {
        return stateDir.resolve("intent.json");
    }

    public Path engineDir() {
        return stateDir.resolve("engine");
    }

    public Path bootstrapCacheDir() {
        return stateDir.resolve("bootstrap-cache");
    }

    /** This config with its state (intent file, engine database, caches) under {@code dir}. */
    public HecateConfig withStateDir(Path dir) {
        return new HecateConfig(file, clusterName, kubeconfig, dir, nodes, ssh, ups, coordination, shutdown, startup, restore, flux,
                metrics, workflows, ui);
    }

    /** This config with its UPS's load never cut at the end of a shutdown ({@code ups.kill_power_after_shutdown} false). */
    public HecateConfig keepingUpsLoad() {
        Ups kept = new Ups(ups.target(), ups.username(), ups.password(), ups.pollInterval(), ups.onBatteryPollInterval(),
                ups.debouncePolls(), ups.runtimeSafetyFactor(), ups.staleAfter(), ups.deadTime(), ups.mainsRestore(), false);
        return new HecateConfig(file, clusterName, kubeconfig, stateDir, nodes, ssh, kept, coordination, shutdown, startup, restore,
                flux, metrics, workflows, ui);
    }

    public record Nodes(List<String> controlPlanes, List<String> workers, List<String> otherHosts) {
        public List<String> cluster() {
            List<String> all = new ArrayList<>(controlPlanes);
            all.addAll(workers);
            return List.copyOf(all);
        }

        /** The nodes of a group as {@code poweroff_order} and {@code restore.order} name them. */
        public List<String> group(String name) {
            return switch (name) {
                case "control_planes" -> controlPlanes;
                case "workers" -> workers;
                case "other_hosts" -> otherHosts;
                default -> throw new IllegalArgumentException("unknown node group " + name);
            };
        }
    }

    public record Ssh(
            String user,
            int port,
            Path configFile,
            Path identityFile,
            Path knownHostsFile,
            Map<String, String> nodeHosts,
            Map<String, String> nodeUsers,
            List<String> managedNodes,
            String jumpHost,
            String jumpUser,
            String sudo,
            Duration connectTimeout,
            Duration commandTimeout) {
    }

    public record Ups(
            String target,
            String username,
            String password,
            Duration pollInterval,
            Duration onBatteryPollInterval,
            int debouncePolls,
            double runtimeSafetyFactor,
            Duration staleAfter,
            Duration deadTime,
            Duration mainsRestore,
            boolean killPowerAfterShutdown) {

        @Override
        public String toString() {
            return "Ups[target=" + target + ", username=" + username + ", password=" + (password.isEmpty() ? "" : "***") + "]";
        }
    }

    public record Coordination(
            String role,
            String coordinatorHost,
            String coordinatorUser,
            String coordinatorCommand,
            String coordinatorConfig,
            boolean forwardToCoordinator,
            boolean fallbackLocalShutdown,
            boolean allowStartupOnBattery,
            /** How long a peer's {@code startup --auto-peer-failover} waits for a booting coordinator before starting here. */
            Duration coordinatorBootWait) {

        public boolean isPeer() {
            return "peer".equals(role);
        }
    }

    public record Shutdown(
            Duration estimatedShutdownBudget,
            Duration estimatedEmergencyShutdownBudget,
            Duration emergencyBudget,
            boolean emergencySkipDrain,
            boolean emergencySkipEtcdSnapshot,
            int budgetLearningMinSamples,
            Duration drainTimeout,
            Duration nodeStopTimeout,
            int retries,
            Duration retryInterval,
            List<String> poweroffOrder,
            boolean poweroffSelf,
            List<String> poweroffSelfCommand,
            Duration poweroffTimeout) {
    }

    public record Startup(
            String timeSyncMode,
            int timeSyncQuorum,
            Duration timeSyncTimeout,
            Duration apiTimeout,
            Duration nodesReadyTimeout,
            boolean autoEtcdRestoreOnApiFailure,
            String etcdRestoreControlPlane,
            String datastoreEndpoint,
            boolean requireStorageReady,
            List<String> criticalPvcs,
            Duration storageTimeout,
            boolean requirePostStartProbes,
            List<Probe> postStartProbes,
            int probeRetries,
            List<String> vaultAddresses,
            String vaultNamespace,
            Map<String, String> vaultPodLabels,
            String vaultInitSecret,
            Path vaultUnsealKeyFile,
            String vaultUnsealBreakglassCommand,
            Duration vaultUnsealBreakglassTimeout) {
    }

    /**
     * Power restore after a power-triggered emergency shutdown ({@code restore:}).
     * @param order node groups powered on first to last: control_planes, workers, other_hosts
     * @param powerOn how each node is powered on; a node not listed has {@link PowerOn.Method#NONE}
     */
    public record Restore(
            boolean enabled,
            int minBatteryCharge,
            List<String> order,
            Duration sshTimeout,
            Duration powerOnCommandTimeout,
            Map<String, PowerOn> powerOn) {

        public PowerOn powerOn(String node) {
            return powerOn.getOrDefault(node, PowerOn.NONE);
        }

        /** Every node of {@link #order()}'s groups, first to last. */
        public List<String> nodesInOrder(Nodes nodes) {
            return order.stream().flatMap(group -> nodes.group(group).stream()).toList();
        }
    }

    /**
     * One node's way back on. {@code command} runs on this host without a shell; it may carry a BMC password,
     * so it is never shown whole ({@link #shownCommand()}).
     */
    public record PowerOn(Method method, String mac, String broadcast, int port, List<String> command) {

        public static final PowerOn NONE = new PowerOn(Method.NONE, "", "", 0, List.of());

        public enum Method {
            /** A magic packet to {@code mac} through {@code broadcast:port}. */
            WAKE_ON_LAN,
            /** {@code power_on_command}, e.g. {@code ipmitool ... chassis power on}. */
            COMMAND,
            /** Comes back through the UPS load cycle and the BIOS "restore on AC power" setting. */
            NONE;

            public String wire() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        /** The program only: the arguments may hold secrets. */
        public String shownCommand() {
            return command.isEmpty() ? "" : command.get(0) + " (arguments redacted)";
        }

        @Override
        public String toString() {
            return "PowerOn[" + method.wire() + (method == Method.WAKE_ON_LAN ? " " + mac + " via " + broadcast + ":" + port : "")
                    + (method == Method.COMMAND ? " " + shownCommand() : "") + "]";
        }
    }

    public record Probe(String url, int expectedStatus, Duration timeout, boolean insecureSkipTlsVerify) {
    }

    public record Flux(
            String namespace,
            String gitRepository,
            String giteaNamespace,
            String giteaDeployment,
            Path bootstrapPath,
            Duration readyTimeout) {
    }

    public record Metrics(String listen) {
    }

    public record Workflows(Path dir) {
    }

    /** The run viewer's address; loopback by default because it shows the cluster's history to whoever can reach it. */
    public record Ui(String listen) {
    }
}
