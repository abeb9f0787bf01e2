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

    public record Nodes(List<String> controlPlanes, List<String> workers, List<String> otherHosts) {
        public List<String> cluster() {
            List<String> all = new ArrayList<>(controlPlanes);
            all.addAll(workers);
            return List.copyOf(all);
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
            boolean allowStartupOnBattery) {

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
            String vaultInitSecret,
            Path vaultUnsealKeyFile,
            String vaultUnsealBreakglassCommand,
            Duration vaultUnsealBreakglassTimeout) {
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
