package io.hecate.workflows;

import io.hecate.connectors.kube.DryRunCluster;
import io.hecate.connectors.kube.Fabric8Cluster;
import io.hecate.connectors.kube.KubeCluster;
import io.hecate.connectors.kube.KubeSettings;
import io.hecate.connectors.local.CommandHostPower;
import io.hecate.connectors.local.CommandNodePowerOn;
import io.hecate.connectors.wol.WakeOnLan;
import io.hecate.connectors.local.HostPower;
import io.hecate.connectors.nut.NutClient;
import io.hecate.connectors.nut.NutSettings;
import io.hecate.connectors.nut.UpsMonitor;
import io.hecate.connectors.nut.UpsTarget;
import io.hecate.connectors.ssh.DryRunNodeShell;
import io.hecate.connectors.ssh.MinaNodeShell;
import io.hecate.connectors.ssh.NodeShell;
import io.hecate.connectors.ssh.RootNodeShell;
import io.hecate.connectors.ssh.SshSettings;
import io.hecate.connectors.ssh.SudoMode;
import io.hecate.connectors.probe.HttpProbe;
import io.hecate.connectors.probe.JdkHttpProbe;
import io.hecate.connectors.timesync.ClockSync;
import io.hecate.connectors.timesync.ShellClockSync;
import io.hecate.connectors.vault.DryRunVaultUnsealer;
import io.hecate.connectors.vault.HttpVaultUnsealer;
import io.hecate.connectors.vault.VaultSettings;
import io.hecate.connectors.vault.VaultUnsealer;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.runtime.EngineDatabase;
import io.hecate.workflows.stage.NodeStep;
import io.hecate.workflows.stage.StageContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * What every delegate is built with: the loaded config (delegates read settings from it, never from
 * process variables, so the database holds no secrets), the intent file, the run history and the clock.
 */
public final class WorkflowContext implements AutoCloseable {

    private static final Duration KUBE_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration VAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration NUT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POWEROFF_SELF_TIMEOUT = Duration.ofSeconds(30);

    private final HecateConfig config;
    private final IntentStore intents;
    private final String historyUrl;
    private final Clock clock;
    private final WakeOnLan wakeOnLan = new WakeOnLan();
    private JdbcConnectionPool historyPool;
    private RunHistory history;
    private MinaNodeShell shell;
    private KubeCluster kube;
    private HttpProbe probe;

    public WorkflowContext(HecateConfig config, Clock clock) {
        this(config, clock, EngineDatabase.historyUrl(config.engineDir()));
    }

    /** With the run history at {@code historyUrl}: an unrecorded engine's, in memory ({@link WorkflowRuntime#openUnrecorded}). */
    WorkflowContext(HecateConfig config, Clock clock, String historyUrl) {
        this.config = config;
        this.clock = clock;
        this.intents = new IntentStore(config.intentFile(), clock);
        this.historyUrl = historyUrl;
    }

    public HecateConfig config() {
        return config;
    }

    public IntentStore intents() {
        return intents;
    }

    /** Opened on first use, so validating the BPMN before the engine boots touches no database. */
    public synchronized RunHistory history() {
        if (history == null) {
            historyPool = EngineDatabase.pool(historyUrl);
            history = new RunHistory(historyPool);
        }
        return history;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Node commands as root (through sudo -n for a non-root login, per ssh_sudo) over the real SSH shell (one for
     * the whole engine, sessions reused) or, in a dry run, over one that only records.
     */
    public NodeShell shell(StageContext stage) {
        return stage.execute() ? rootShell() : asRoot(new DryRunNodeShell(stage.recorder(), sshSettings()));
    }

    /** Node commands as root over the real SSH shell, for checks made before a run starts. */
    public NodeShell rootShell() {
        return asRoot(sharedShell());
    }

    private NodeShell asRoot(NodeShell shell) {
        return new RootNodeShell(shell, sshSettings(), SudoMode.of(config.ssh().sudo()));
    }

    /** The real Kubernetes client (shared) or, in a dry run, one that only records. */
    public KubeCluster kube(StageContext stage) {
        return stage.execute() ? sharedKube() : new DryRunCluster(stage.recorder());
    }

    /** Vault's unseal API or, in a dry run, one that reads the seal status but only records the unseal. */
    public VaultUnsealer vault(StageContext stage) {
        VaultUnsealer real = new HttpVaultUnsealer(new VaultSettings(VAULT_TIMEOUT));
        return stage.execute() ? real : new DryRunVaultUnsealer(real, stage.recorder());
    }

    /** Probes only read, so a dry run gets the real one too (the delegates decide whether to call it). */
    public synchronized HttpProbe probe() {
        if (probe == null) {
            probe = new JdkHttpProbe();
        }
        return probe;
    }

    /** chronyc / timedatectl over the stage's shell (a dry run's shell answers nothing useful: check stage.execute()). */
    public ClockSync clockSync(StageContext stage) {
        return new ShellClockSync(loginShell(stage), config.ssh().commandTimeout(), Duration.ofMillis(500));
    }

    /** A connection to upsd as {@code ups.username} (anonymous when unset); the caller closes it. */
    public UpsMonitor ups() {
        return new NutClient(nutSettings(config.ups(), NUT_TIMEOUT));
    }

    /** How upsd is reached: with credentials when {@code ups.username} is set, which FSD and INSTCMD need. */
    public static NutSettings nutSettings(HecateConfig.Ups ups, Duration timeout) {
        UpsTarget target = UpsTarget.parse(ups.target());
        return ups.username().isEmpty() ? NutSettings.anonymous(target, timeout)
                : new NutSettings(target, ups.username(), ups.password(), timeout);
    }

    /** {@code shutdown.poweroff_self_command}, run on this host. */
    public HostPower hostPower() {
        return new CommandHostPower(config.shutdown().poweroffSelfCommand(), POWEROFF_SELF_TIMEOUT,
                "shutdown.poweroff_self_command");
    }

    public WakeOnLan wakeOnLan() {
        return wakeOnLan;
    }

    /** A node's {@code power_on_command}, bounded by {@code restore.power_on_command_timeout_seconds}. */
    public CommandNodePowerOn powerOnCommand(String node, HecateConfig.PowerOn powerOn) {
        return new CommandNodePowerOn(powerOn.command(), config.restore().powerOnCommandTimeout(),
                "restore.nodes." + node + ".power_on_command");
    }

    public FluxSuspensions fluxSuspensions() {
        return FluxSuspensions.of(config);
    }

    public NodeStep nodeStep() {
        return new NodeStep(history(), clock, config.shutdown().retries(), config.shutdown().retryInterval());
    }

    /** How long one node may take for one command: the emergency bound on the emergency path. */
    public Duration nodeTimeout(StageContext stage) {
        return stage.emergency() ? config.shutdown().emergencyBudget() : config.shutdown().nodeStopTimeout();
    }

    /**
     * How long one node's poweroff may take: {@code shutdown.poweroff_timeout_seconds}, never more than the
     * emergency bound on the emergency path. A poweroff answers at once or drops the connection, so a node that
     * hung in an earlier stage costs its poweroff group this bound, not another stop budget.
     */
    public Duration poweroffTimeout(StageContext stage) {
        Duration poweroff = config.shutdown().poweroffTimeout();
        Duration emergency = config.shutdown().emergencyBudget();
        return stage.emergency() && emergency.compareTo(poweroff) < 0 ? emergency : poweroff;
    }

    /** Commands as the login user: reading the clock needs no root, so no sudoers rule either. */
    private NodeShell loginShell(StageContext stage) {
        return stage.execute() ? sharedShell() : new DryRunNodeShell(stage.recorder(), sshSettings());
    }

    /**
     * Opens the shared shell's sessions to {@code nodes} (at most {@code parallel} handshakes at once) so the runs
     * of this engine start their node commands without connecting; blocks until done.
     * @return the nodes that have a session now
     */
    public List<String> warmUp(Collection<String> nodes, int parallel) {
        return sharedShell().warmUp(nodes, parallel);
    }

    /** Closes the shared shell's idle sessions (a command in progress keeps its own). */
    public synchronized void release() {
        if (shell != null) {
            shell.release();
        }
    }

    private synchronized MinaNodeShell sharedShell() {
        if (shell == null) {
            shell = new MinaNodeShell(sshSettings());
        }
        return shell;
    }

    private synchronized KubeCluster sharedKube() {
        if (kube == null) {
            kube = new Fabric8Cluster(new KubeSettings(config.kubeconfig(), KUBE_REQUEST_TIMEOUT, 1));
        }
        return kube;
    }

    private SshSettings sshSettings() {
        HecateConfig.Ssh ssh = config.ssh();
        return new SshSettings(ssh.user(), ssh.port(), ssh.configFile(), ssh.identityFile(), ssh.knownHostsFile(), ssh.nodeHosts(),
                ssh.nodeUsers(), ssh.managedNodes(), ssh.jumpHost(), ssh.jumpUser(), ssh.connectTimeout());
    }

    @Override
    public synchronized void close() {
        if (shell != null) {
            shell.close();
        }
        if (kube != null) {
            kube.close();
        }
        if (historyPool != null) {
            historyPool.dispose();
        }
    }

    public StageContext stage(DelegateExecution execution) {
        return StageContext.of(execution, history(), clock);
    }
}
