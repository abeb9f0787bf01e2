package io.hecate.workflows;

import io.hecate.engine.Refusal;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.intent.Intent;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.intent.IntentStore;
import io.hecate.engine.power.PendingRestore;
import io.hecate.engine.power.RestoreAction;
import io.hecate.engine.power.RestoreDecision;
import io.hecate.engine.power.RestoreState;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.engine.runtime.RunIds;
import io.hecate.engine.runtime.RunVariables;
import io.hecate.workflows.delegates.ConfirmRestoredDelegate;
import io.hecate.workflows.startup.StartupGuards;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's power restore, as the workflows know it: pending after a completed power-triggered shutdown (intent
 * {@code shutdown_complete}, its reason starting with a {@link Trigger#POWER} trigger, as SetIntent writes it),
 * never after a manual one; started under the CLI's startup guards (peer role with the hand-off to the
 * coordinator, intent, on battery) as run {@code hecate-power-restore} with trigger {@link Trigger#POWER_RESTORED}.
 */
public final class PowerRestore implements RestoreAction {

    /** The call activity of hecate-power-restore that runs the staged startup: once it started, the state is STARTING. */
    public static final String STARTUP_STAGE = "Startup";
    private static final Logger log = LoggerFactory.getLogger(PowerRestore.class);

    private final HecateConfig config;
    private final HecateEngine engine;
    private final IntentStore intents;
    private final Clock clock;
    private final Map<String, Object> runFacts;

    /** @param runFacts extra variables for each restore run (the lab sets a short wait interval) */
    public PowerRestore(HecateConfig config, HecateEngine engine, Clock clock, Map<String, Object> runFacts) {
        this.config = config;
        this.engine = engine;
        this.intents = new IntentStore(config.intentFile(), clock);
        this.clock = clock;
        this.runFacts = Map.copyOf(runFacts);
    }

    @Override
    public Optional<PendingRestore> pending() {
        if (!config.restore().enabled()) {
            return Optional.empty();
        }
        return intents.read().intent()
                .filter(intent -> intent.state() == IntentState.SHUTDOWN_COMPLETE && Trigger.powerWires().contains(trigger(intent)))
                .map(intent -> new PendingRestore(intent.runId(), intent.reason()));
    }

    @Override
    public Optional<RestoreState> inProgress() {
        return engine.history().runningRuns().stream()
                .filter(run -> run.executed() && HecateWorkflows.POWER_RESTORE.equals(run.workflow()))
                .findFirst()
                .map(run -> engine.history().stages(run.runId()).stream().anyMatch(s -> STARTUP_STAGE.equals(s.stage()))
                        ? RestoreState.STARTING : RestoreState.POWERING_ON);
    }

    @Override
    public Optional<String> start(PendingRestore pending, RestoreDecision decision) {
        StartupGuards guards = new StartupGuards(config, note -> log.info("restore: {}", note));
        StartupGuards.Decision guarded;
        try {
            // a peer hands the startup to its coordinator as 'hecate startup --auto-peer-failover' does
            guarded = guards.check(new StartupGuards.Options(true, false, config.coordination().isPeer(), false));
        } catch (Refusal e) {
            log.warn("restore: refused by the startup guards: {}", e.getMessage());
            return Optional.empty();
        }
        if (guarded == StartupGuards.Decision.HANDED_TO_COORDINATOR) {
            log.info("restore: handed the startup to the coordinator {}", config.coordination().coordinatorHost());
            return Optional.empty();
        }
        String runId = RunIds.next(clock);
        Map<String, Object> variables = new HashMap<>(runFacts);
        variables.putAll(RunVariables.of(runId, Trigger.POWER_RESTORED.wire(), RunMode.STARTUP.wire(), true,
                "mains back since " + decision.mainsSince() + " after shutdown run " + pending.shutdownRunId()));
        variables.put(ConfirmRestoredDelegate.MAINS_RETURNED, decision.mainsSince().toEpochMilli());
        Optional<String> started = new RunLifecycle(engine, config.stateDir(), clock).startPowerRestore(variables,
                note -> log.info("restore: {}", note));
        started.ifPresent(id -> log.info("restore: started {} run {} (trigger {}): {}", HecateWorkflows.POWER_RESTORE, id,
                Trigger.POWER_RESTORED.wire(), decision.reason()));
        return started;
    }

    @Override
    public Optional<Instant> normalSince(String runId) {
        return intents.read().intent()
                .filter(intent -> intent.state() == IntentState.NORMAL && runId.equals(intent.runId()))
                .map(Intent::time);
    }

    /** SetIntent writes the reason as "trigger: reason". */
    private static String trigger(Intent intent) {
        String reason = intent.reason() == null ? "" : intent.reason();
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }
}
