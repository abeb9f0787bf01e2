package io.hecate.workflows.startup;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.nut.NutClient;
import io.hecate.connectors.nut.NutSettings;
import io.hecate.connectors.nut.UpsMonitor;
import io.hecate.connectors.nut.UpsReading;
import io.hecate.connectors.nut.UpsTarget;
import io.hecate.connectors.ssh.CommandResult;
import io.hecate.connectors.ssh.MinaNodeShell;
import io.hecate.connectors.ssh.NodeShell;
import io.hecate.connectors.ssh.SshException;
import io.hecate.connectors.ssh.SshSettings;
import io.hecate.engine.Refusal;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.OrphanSweep;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.intent.Intent;
import io.hecate.engine.intent.IntentReading;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.runtime.EngineDatabase;
import io.hecate.workflows.RunLifecycle;
import io.hecate.workflows.coordination.CoordinatorBootWait;
import io.hecate.workflows.coordination.CoordinatorClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What must hold before a startup run begins; each failed guard is a {@link Refusal} (exit 3) naming why.
 * Order: the peer role first (a peer may hand the whole startup to its coordinator, waiting for one that still
 * boots), then, for a local start,
 * the intent file (a shutdown in progress or an unreadable intent refuses; {@code shutdown_complete} is the
 * normal state before a cold start) and the UPS (on battery refuses unless allowed). An unreadable UPS does
 * not block: after a power loss the NUT host may still be booting, and lost NUT data is not an outage.
 */
public final class StartupGuards {

    /** The command-line switches the guards honour. */
    public record Options(boolean execute, boolean allowPeerStartup, boolean autoPeerFailover, boolean allowOnBattery) {
    }

    public enum Decision { START_HERE, HANDED_TO_COORDINATOR }

    private static final Duration NUT_TIMEOUT = Duration.ofSeconds(5);
    /** A coordinator's whole startup runs inside this one SSH command. */
    private static final Duration COORDINATOR_STARTUP_LIMIT = Duration.ofHours(6);

    private final HecateConfig config;
    private final Supplier<UpsMonitor> ups;
    private final Function<SshSettings, NodeShell> shells;
    private final Consumer<String> notes;

    public StartupGuards(HecateConfig config, Consumer<String> notes) {
        this(config, () -> new NutClient(NutSettings.anonymous(UpsTarget.parse(config.ups().target()), NUT_TIMEOUT)),
                MinaNodeShell::new, notes);
    }

    public StartupGuards(HecateConfig config, Supplier<UpsMonitor> ups, Function<SshSettings, NodeShell> shells, Consumer<String> notes) {
        this.config = config;
        this.ups = ups;
        this.shells = shells;
        this.notes = notes;
    }

    public Decision check(Options options) {
        if (config.coordination().isPeer() && !options.allowPeerStartup()) {
            if (!options.autoPeerFailover()) {
                throw new Refusal("this host is a peer (coordination.role: peer): the coordinator "
                        + config.coordination().coordinatorHost() + " starts the cluster; use --auto-peer-failover to hand"
                        + " startup to it (starting here only if it does not answer within coordination.coordinator_boot_wait_seconds),"
                        + " or --allow-peer-startup to start from here");
            }
            if (handedToCoordinator(options)) {
                return Decision.HANDED_TO_COORDINATOR;
            }
        }
        checkIntent();
        checkUps(options);
        return Decision.START_HERE;
    }

    /**
     * The intent file and the run that holds it (orphans swept first, so a dead owner's run is not "running"):
     * a shutdown that runs refuses; one that was interrupted refuses and names the two ways on; one a host
     * restart cut, or one that ended (failed, aborted, superseded), lets the startup go on and says so.
     */
    void checkIntent() {
        IntentReading reading = new IntentStore(config.intentFile()).read();
        if (reading.corrupt()) {
            throw new Refusal("intent file unusable: " + reading.problem() + "; make sure no shutdown is running, then"
                    + " fix or remove it");
        }
        Optional<RunHistory> history = EngineDatabase.existingHistory(config.engineDir());
        try {
            checkIntent(reading, history);
        } finally {
            history.ifPresent(RunHistory::close);
        }
    }

    private void checkIntent(IntentReading reading, Optional<RunHistory> history) {
        history.ifPresent(h -> new OrphanSweep(h, Clock.systemUTC()).sweep());
        history.flatMap(RunLifecycle::runningShutdown).ifPresent(run -> {
            throw new Refusal("a shutdown is in progress (" + RunLifecycle.describe(run) + "); startup waits until it is complete");
        });
        IntentState state = reading.effectiveState().orElseThrow();
        if (state != IntentState.SHUTTING_DOWN && state != IntentState.STARTUP_IN_PROGRESS) {
            if (state == IntentState.ABORTED) {
                notes.accept("intent is " + reading.describe() + ": starting");
            }
            return;
        }
        Intent intent = reading.intent().orElseThrow();
        Optional<RunRecord> holder = history.flatMap(h -> h.run(intent.runId()));
        String what = state == IntentState.SHUTTING_DOWN ? "shutdown" : "startup";
        if (holder.isEmpty()) {
            if (state == IntentState.SHUTTING_DOWN) {
                throw new Refusal("a shutdown is in progress (intent " + reading.describe() + ") and the run history does not know"
                        + " run " + intent.runId() + "; make sure no shutdown runs ('hecate status'), then remove "
                        + config.intentFile());
            }
            notes.accept("intent is " + reading.describe() + ": that startup did not finish; starting again");
            return;
        }
        RunRecord run = holder.get();
        if (run.running()) {
            throw new Refusal("a " + what + " is in progress (" + RunLifecycle.describe(run) + "); startup waits until it is complete");
        }
        if (run.interruptedResumable()) {
            throw new Refusal("the " + what + " run " + run.runId() + " was interrupted (" + run.detail() + "); finish it with"
                    + " 'hecate runs resume " + run.runId() + " --config " + config.file() + "' or end it with 'hecate runs abort "
                    + run.runId() + " --reason TEXT --config " + config.file() + "', then start");
        }
        if (RunRecord.INTERRUPTED.equals(run.outcome())) {
            notes.accept("the " + what + " run " + run.runId() + " was cut when this host restarted (interrupted, host restarted);"
                    + " starting as after a completed shutdown: the cluster lost power too");
            return;
        }
        notes.accept("intent " + state.wire() + " was left by " + what + " run " + run.runId() + ", which ended " + run.outcome()
                + (run.detail() == null ? "" : " (" + run.detail() + ")") + "; starting");
    }

    void checkUps(Options options) {
        UpsReading reading;
        try (UpsMonitor monitor = ups.get()) {
            reading = monitor.read();
        } catch (ConnectorException e) {
            notes.accept("UPS " + config.ups().target() + " unreadable (" + e.getMessage() + "); not blocking startup");
            return;
        }
        if (!reading.onBattery()) {
            return;
        }
        String what = "UPS " + config.ups().target() + " is on battery (status " + String.join(" ", reading.statusFlags())
                + reading.chargePercent().stream().mapToObj(c -> ", charge " + Math.round(c) + "%").findFirst().orElse("")
                + reading.runtimeSeconds().stream().mapToObj(r -> ", runtime " + r + " s").findFirst().orElse("") + ")";
        if (options.allowOnBattery() || config.coordination().allowStartupOnBattery()) {
            notes.accept(what + "; starting anyway (" + (options.allowOnBattery() ? "--allow-on-battery"
                    : "coordination.allow_startup_on_battery") + ")");
            return;
        }
        throw new Refusal(what + "; a startup now may be cut by the next outage; wait for mains, or use --allow-on-battery");
    }

    /**
     * True when the coordinator took the startup; false when it did not answer within
     * {@code coordination.coordinator_boot_wait_seconds} (it may be booting after the same power loss) and this
     * host starts itself. A coordinator whose status shows a startup running refuses here: two would fight.
     */
    private boolean handedToCoordinator(Options options) {
        HecateConfig.Coordination c = config.coordination();
        try (CoordinatorClient coordinator = new CoordinatorClient(config, shells)) {
            String startup = "startup --execute";
            if (!options.execute()) {
                notes.accept("dry run: --auto-peer-failover would run '" + coordinator.commandLine(startup) + "' on the coordinator "
                        + c.coordinatorHost() + ", waiting up to " + c.coordinatorBootWait().toSeconds() + " s for it to answer,"
                        + " and start here only if it does not; the local plan follows");
                return false;
            }
            CoordinatorBootWait.Outcome answer;
            try {
                answer = new CoordinatorBootWait(coordinator, c.coordinatorBootWait(), config.ssh().commandTimeout(), Clock.systemUTC(),
                        notes).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Refusal("interrupted while waiting for the coordinator " + c.coordinatorHost() + "; not starting here");
            }
            long waited = c.coordinatorBootWait().toSeconds();
            if (answer.status().isPresent() && answer.status().get().starting()) {
                throw new Refusal("the coordinator " + c.coordinatorHost() + " is already starting the cluster ("
                        + answer.status().get().describe() + "); not starting here too");
            }
            if (answer.status().isPresent()) {
                notes.accept("handing startup to the coordinator " + c.coordinatorHost() + " (" + answer.status().get().describe()
                        + "): " + coordinator.commandLine(startup));
            } else if (answer.sshAnswered()) {
                // the host is up: it may run a startup of its own, so its answer to ours decides, as before the wait
                notes.accept("coordinator " + c.coordinatorHost() + " answers SSH but its status did not answer within " + waited
                        + " s (" + answer.problem() + "); handing startup to it anyway: " + coordinator.commandLine(startup));
            } else {
                notes.accept("coordinator " + c.coordinatorHost() + " did not answer within " + waited + " s (" + answer.problem()
                        + "): starting here");
                return false;
            }
            CommandResult result;
            try {
                result = coordinator.hecate(startup, COORDINATOR_STARTUP_LIMIT);
            } catch (SshException e) {
                if (e.reason() == SshException.Reason.UNREACHABLE) {
                    notes.accept("coordinator " + c.coordinatorHost() + " became unreachable (" + e.getMessage()
                            + "); starting from this peer");
                    return false;
                }
                throw new Refusal("startup on the coordinator " + c.coordinatorHost() + " did not finish (" + e.getMessage()
                        + "); it may still be running there, so not starting here too");
            }
            if (!result.ok()) {
                throw new Refusal("startup on the coordinator " + c.coordinatorHost() + " answered exit " + result.exitCode()
                        + ": " + lastLine(result.stderr()) + "; not starting here too");
            }
            notes.accept(result.stdout().strip());
            return true;
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text == null ? List.of() : text.strip().lines().toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }
}
