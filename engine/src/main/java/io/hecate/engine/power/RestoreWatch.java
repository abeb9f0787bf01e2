package io.hecate.engine.power;

import io.hecate.engine.metrics.HecateMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The power watch's second duty: after each poll asks the {@link RestorePolicy} whether to bring the cluster
 * back and starts the {@link RestoreAction} on its own thread (a peer's hand-off may wait long; the emergency
 * trigger must never wait behind it). One attempt per completed shutdown: a guard's refusal is final for that
 * shutdown, a failure to start is tried again at the next poll. Logs each change of state and feeds the metrics,
 * among them the time from mains return to cluster {@code normal}.
 */
public final class RestoreWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestoreWatch.class);

    private final RestorePolicy policy;
    private final RestoreAction action;
    private final HecateMetrics metrics;
    private final ExecutorService starter = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "power-restore");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean starting;
    private volatile String attemptedFor;
    private volatile Started started;
    private volatile RestoreDecision last;

    /** A restore run this watch started, and since when mains had been back then. */
    private record Started(String runId, Instant mainsSince) {
    }

    public RestoreWatch(RestorePolicy policy, RestoreAction action, HecateMetrics metrics) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.action = Objects.requireNonNull(action, "action");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** One poll's sample, every poll (a triggering one is never mains, so it never starts a restore). */
    public synchronized RestoreDecision poll(UpsSample sample) {
        Optional<RestoreState> inProgress = starting ? Optional.of(RestoreState.POWERING_ON) : action.inProgress();
        Optional<PendingRestore> pending = action.pending();
        RestoreDecision decision = policy.decide(sample, pending, inProgress);
        if (decision.start() && pending.get().shutdownRunId().equals(attemptedFor)) {
            decision = new RestoreDecision(RestoreState.IDLE, false, "restore after shutdown run " + attemptedFor
                    + " was refused or handed on; start it by hand ('hecate startup --power-on')", decision.mainsSince());
        }
        if (last == null || last.state() != decision.state() || decision.start()) {
            log.info("{}", decision.logLine());
        }
        last = decision;
        metrics.restoreState(decision.state().wire());
        if (inProgress.isEmpty() && !starting) {
            reportFinished();
        }
        if (decision.start()) {
            start(pending.get(), decision);
        }
        return decision;
    }

    public Optional<RestoreDecision> lastDecision() {
        return Optional.ofNullable(last);
    }

    private void start(PendingRestore pending, RestoreDecision decision) {
        starting = true;
        starter.execute(() -> {
            try {
                Optional<String> runId = action.start(pending, decision);
                attemptedFor = pending.shutdownRunId();
                runId.ifPresent(id -> started = new Started(id, decision.mainsSince()));
            } catch (Exception e) {
                log.error("restore: starting the power restore failed ({}); trying again at the next poll", e.toString(), e);
            } finally {
                starting = false;
            }
        });
    }

    private void reportFinished() {
        Started run = started;
        if (run == null) {
            return;
        }
        started = null;
        Optional<Instant> normal = action.normalSince(run.runId());
        if (normal.isPresent()) {
            Duration took = Duration.between(run.mainsSince(), normal.get());
            metrics.restoreDuration(took);
            log.info("restore: run {} brought the cluster to normal {} s after mains returned", run.runId(),
                    String.format(java.util.Locale.ROOT, "%.1f", took.toMillis() / 1000.0));
        } else {
            log.warn("restore: run {} ended without setting the intent normal; see 'hecate runs show {}'", run.runId(), run.runId());
        }
    }

    @Override
    public void close() {
        starter.shutdown();
    }
}
