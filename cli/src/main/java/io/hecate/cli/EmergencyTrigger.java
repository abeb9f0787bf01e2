package io.hecate.cli;

import io.hecate.connectors.ssh.CommandResult;
import io.hecate.connectors.ssh.SshException;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunOwner;
import io.hecate.engine.history.UnwritableStateDir;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.power.Decision;
import io.hecate.engine.power.TriggerAction;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunLifecycle;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.coordination.CoordinatorClient;
import io.hecate.workflows.coordination.CoordinatorStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon does when the UPS trigger fires. A coordinator starts {@code hecate-emergency-shutdown}
 * in its own engine. A peer runs {@code hecate shutdown --emergency --execute} on the coordinator over SSH
 * and, when that fails and {@code fallback_local_shutdown} is on, runs the emergency shutdown itself.
 * Never starts a shutdown while one is running (see {@link RunLifecycle#startEmergency}).
 */
final class EmergencyTrigger implements TriggerAction {

    /** The coordinator's run is waited for, bounded by what the battery has left: the threshold, at least this. */
    private static final Duration MIN_FORWARD_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(EmergencyTrigger.class);

    private final HecateConfig config;
    private final HecateEngine engine;
    private final Clock clock;

    EmergencyTrigger(HecateConfig config, HecateEngine engine, Clock clock) {
        this.config = config;
        this.engine = engine;
        this.clock = clock;
    }

    @Override
    public void onTrigger(Decision decision) {
        HecateConfig.Coordination coordination = config.coordination();
        // the poll logged the decision already: the run starts first, the line saying so comes after it
        if (!coordination.isPeer()) {
            startHere(Trigger.UPS, decision.reason(), "coordinator");
            return;
        }
        if (!coordination.forwardToCoordinator()) {
            if (coordination.fallbackLocalShutdown()) {
                startHere(Trigger.UPS, decision.reason(), "peer, forward_to_coordinator off");
            } else {
                log.error("trigger: peer with forward_to_coordinator and fallback_local_shutdown off: no shutdown started ({})",
                        decision.reason());
            }
            return;
        }
        Instant triggered = clock.instant();
        try {
            forward(decision, triggered);
        } catch (ForwardFailed e) {
            if (!coordination.fallbackLocalShutdown()) {
                // thrown so the watch tries the coordinator again at the next poll
                throw new ForwardFailed(e.getMessage() + "; fallback_local_shutdown is off, no shutdown started here");
            }
            log.error("trigger: forwarding to the coordinator failed: {}; falling back to the emergency shutdown here",
                    e.getMessage());
            startHere(Trigger.PEER_FALLBACK, "forwarding to coordinator " + coordination.coordinatorHost() + " failed; "
                    + decision.reason(), "peer, fallback_local_shutdown");
        }
    }

    /**
     * Starts the emergency shutdown in this daemon's engine unless a shutdown runs already; the new run id.
     * @param why this daemon's part in the decision, for the log line
     */
    Optional<String> startHere(Trigger trigger, String reason, String why) {
        Consumer<String> say = note -> log.warn("trigger: {}: {} ({})", why, note, reason);
        Optional<String> runId;
        try {
            runId = new RunLifecycle(engine, config.stateDir(), clock).startEmergency(trigger, reason, Map.of(), say);
        } catch (RuntimeException e) {
            UnwritableStateDir unwritable = UnwritableStateDir.seen(config.stateDir(), e).orElseThrow(() -> e);
            log.error("trigger: {}: {}; running the emergency shutdown UNRECORDED, in an engine in memory (the log is all"
                    + " that is kept of it)", why, unwritable.getMessage());
            runId = UnrecordedEmergency.start(config, engine, clock, trigger, reason, say);
        }
        runId.ifPresent(id -> log.warn("trigger: {}: started {} run {} here (trigger {}: {})", why, HecateWorkflows.EMERGENCY_SHUTDOWN, id,
                trigger.wire(), reason));
        return runId;
    }

    /** @param triggered when the trigger fired here: the coordinator's budget sample counts from it */
    private void forward(Decision decision, Instant triggered) {
        String reason = "peer " + config.clusterName() + "/" + RunOwner.thisHost() + ": " + decision.reason();
        String arguments = "shutdown --emergency --execute --trigger " + Trigger.PEER.wire() + " --reason " + CoordinatorClient.shellQuote(reason)
                + " " + TriggeredAt.OPTION + " " + TriggeredAt.format(triggered);
        Duration timeout = Duration.ofSeconds(Math.max(MIN_FORWARD_TIMEOUT.toSeconds(), decision.thresholdSeconds()));
        CommandResult result;
        try (CoordinatorClient coordinator = CoordinatorClient.of(config)) {
            log.warn("trigger: peer: forwarding to the coordinator {} (waiting up to {}s): {}", coordinator.target(), timeout.toSeconds(),
                    coordinator.commandLine(arguments));
            try {
                result = coordinator.hecate(arguments, timeout);
            } catch (SshException e) {
                if (e.reason() == SshException.Reason.TIMED_OUT && coordinatorIsShuttingDown(coordinator)) {
                    log.error("trigger: forwarded: the coordinator {} accepted the emergency shutdown and did not finish"
                            + " within {}s; its intent shows the shutdown, so none is started here", coordinator.target(),
                            timeout.toSeconds());
                    return;
                }
                throw new ForwardFailed("cannot reach the coordinator " + coordinator.target() + " over SSH ("
                        + (e.seen() == null ? e.getMessage() : e.seen()) + "); check coordination.coordinator_host,"
                        + " coordination.coordinator_user and that its sshd is up");
            }
            String said = said(result);
            if (result.exitCode() == ExitCodes.OK) {
                log.warn("trigger: forwarded: the coordinator {} ran the emergency shutdown: {}", coordinator.target(), said);
            } else if (result.exitCode() == ExitCodes.STAGE_FAILED) {
                // the coordinator owns the run; a second one from here would race it
                log.error("trigger: forwarded, but the coordinator's emergency shutdown failed (exit 1): {}", said);
            } else {
                throw new ForwardFailed("the coordinator " + coordinator.target() + " answered exit " + result.exitCode() + ": " + said);
            }
        }
    }

    /**
     * After a forwarded command timed out the coordinator may be shutting down already: a local fallback would
     * race it. Its {@code status --json} (no engine boot, fast) tells; a coordinator that cannot answer that
     * either counts as unreachable.
     */
    private static boolean coordinatorIsShuttingDown(CoordinatorClient coordinator) {
        try {
            CommandResult status = coordinator.hecate("status --json", STATUS_TIMEOUT);
            String state = CoordinatorStatus.parse(status.stdout()).intentState();
            log.warn("trigger: the coordinator {} answered status: intent {}", coordinator.target(), state.isEmpty() ? "(none)" : state);
            return IntentState.SHUTTING_DOWN.wire().equals(state) || IntentState.SHUTDOWN_COMPLETE.wire().equals(state);
        } catch (SshException | IllegalArgumentException e) {
            log.error("trigger: the coordinator {} does not answer status either: {}", coordinator.target(), e.getMessage());
            return false;
        }
    }

    /**
     * What the coordinator's command said: its error (a failed command's first line, which a hint such as "this is a
     * bug" may follow) when it printed one, else its last line.
     */
    static String said(CommandResult result) {
        Optional<String> error = result.stderr().lines().filter(line -> line.startsWith(ErrorPolicy.ERROR)).findFirst();
        return error.orElseGet(() -> lastLine(result.stdout().isBlank() ? result.stderr() : result.stdout()));
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }

    /** Forwarding did not reach a coordinator that took the shutdown. */
    static final class ForwardFailed extends TriggerAction.Failed {
        ForwardFailed(String message) {
            super(message);
        }
    }
}
