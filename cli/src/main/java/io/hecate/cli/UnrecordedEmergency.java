package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.UnwritableStateDir;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.engine.runtime.RunEvent;
import io.hecate.engine.runtime.RunFollower;
import io.hecate.workflows.RunLifecycle;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.WorkflowRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's emergency shutdown when its state dir refuses writes ({@link UnwritableStateDir}: the disk filled while
 * it ran, after which its engine cannot commit the run's start): run in an engine of its own over databases in memory
 * ({@link WorkflowRuntime#openUnrecorded}), followed on a thread of its own, its stages and actions logged (the log is
 * then all there is of the run), the engine closed when the run ends. Its SSH sessions are new: the daemon's warm ones
 * belong to the engine that cannot write.
 */
final class UnrecordedEmergency {

    private static final Duration FOLLOW_LIMIT = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(UnrecordedEmergency.class);

    private UnrecordedEmergency() {
    }

    /** Starts the run in an engine of its own; its id ({@link RunLifecycle#startEmergency}: empty when it said why not). */
    static Optional<String> start(HecateConfig config, HecateEngine recorded, Clock clock, Trigger trigger, String reason,
            Consumer<String> say) {
        HecateEngine engine = WorkflowRuntime.openUnrecorded(config, recorded.catalog(), clock);
        try {
            Optional<String> runId = new RunLifecycle(engine, config.stateDir(), clock).startEmergency(trigger, reason, Map.of(), say);
            if (runId.isEmpty()) {
                engine.close();
                return runId;
            }
            engine.startJobExecutor();
            Thread follower = new Thread(() -> follow(engine, runId.get()), "unrecorded-emergency");
            follower.setDaemon(true);
            follower.start();
            return runId;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    private static void follow(HecateEngine engine, String runId) {
        try (engine) {
            new RunFollower(engine.history()).follow(runId, FOLLOW_LIMIT, event -> logged(runId, event));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("unrecorded run {}: following it failed: {}", runId, e.toString());
        }
    }

    private static void logged(String runId, RunEvent event) {
        if (event instanceof RunEvent.StageEnded ended) {
            log.warn("unrecorded run {}: {} {} ({})", runId, ended.stage().stage(), ended.stage().outcome(),
                    ended.stage().node() == null ? "run" : ended.stage().node());
        } else if (event instanceof RunEvent.Action action) {
            log.warn("unrecorded run {}: {}: {}", runId, action.action().stage(), action.action().text());
        } else if (event instanceof RunEvent.RunEnded end) {
            log.warn("unrecorded run {}: {} in {}{}", runId, end.run().outcome(), RunConsole.seconds(end.run().duration()),
                    end.run().detail() == null ? "" : " (" + end.run().detail() + ")");
        }
    }
}
