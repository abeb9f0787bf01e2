package io.hecate.engine.power;

import io.hecate.connectors.DaemonThreads;
import io.hecate.connectors.nut.NutException;
import io.hecate.connectors.nut.UpsReading;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.Budget;
import io.hecate.engine.metrics.HecateMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's poll loop: reads the UPS every {@code ups.poll_interval_seconds} (every
 * {@code on_battery_poll_interval_seconds} while last seen on battery), turns the reading or its failure
 * into an {@link UpsSample}, asks the {@link TriggerPolicy} with the current emergency budget, logs the
 * decision, feeds the metrics and runs the {@link TriggerAction} when the policy fires; then lets the
 * {@link RestoreWatch} (when given) decide whether to bring the cluster back. Knows no workflow.
 *
 * <p>The action runs on its own thread so polling (and the metrics) go on while a forwarded shutdown is
 * waited for. An action that throws is run again at the next poll while the policy stays latched.
 */
public final class PowerWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PowerWatch.class);

    /** How the loop waits between polls; the real one returns early when the watch is stopped. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HecateConfig.Ups settings;
    private final UpsSource ups;
    private final Supplier<Budget> budget;
    private final HecateMetrics metrics;
    private final TriggerAction action;
    private final Runnable afterEachPoll;
    private final RestoreWatch restore;
    private final PollListener listener;
    private final Clock clock;
    private final LongSupplier steadyNanos;
    private final TriggerPolicy policy;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Sleeper sleeper;
    private final Executor actions;
    private final ExecutorService ownActions;
    private final AtomicBoolean actionRunning = new AtomicBoolean();
    private final AtomicLong polls = new AtomicLong();
    private volatile boolean actionFailed;
    private volatile Decision lastDecision;
    private volatile UpsSample lastSample;
    private volatile Instant triggeredAt;
    private Decision triggering;
    private boolean lastSeenOnBattery;

    /**
     * @param budget the emergency budget now (learned or config); asked every poll
     * @param afterEachPoll refreshes what the poll does not know (intent, runs); its failures are logged only
     */
    public PowerWatch(HecateConfig.Ups settings, UpsSource ups, Supplier<Budget> budget, HecateMetrics metrics,
            TriggerAction action, Runnable afterEachPoll, Clock clock) {
        this(settings, ups, budget, metrics, action, afterEachPoll, clock, null, null, null, PollListener.NONE);
    }

    /**
     * @param restore brings the cluster back after a completed power-triggered shutdown; null: never
     * @param listener told after each poll, before a trigger's action starts
     */
    public PowerWatch(HecateConfig.Ups settings, UpsSource ups, Supplier<Budget> budget, HecateMetrics metrics,
            TriggerAction action, RestoreWatch restore, Runnable afterEachPoll, Clock clock, PollListener listener) {
        this(settings, ups, budget, metrics, action, afterEachPoll, clock, null, null, restore, listener);
    }

    PowerWatch(HecateConfig.Ups settings, UpsSource ups, Supplier<Budget> budget, HecateMetrics metrics,
            TriggerAction action, Runnable afterEachPoll, Clock clock, Sleeper sleeper, Executor actions) {
        this(settings, ups, budget, metrics, action, afterEachPoll, clock, sleeper, actions, null, PollListener.NONE);
    }

    PowerWatch(HecateConfig.Ups settings, UpsSource ups, Supplier<Budget> budget, HecateMetrics metrics,
            TriggerAction action, Runnable afterEachPoll, Clock clock, Sleeper sleeper, Executor actions,
            PollListener listener) {
        this(settings, ups, budget, metrics, action, afterEachPoll, clock, sleeper, actions, null, listener);
    }

    private PowerWatch(HecateConfig.Ups settings, UpsSource ups, Supplier<Budget> budget, HecateMetrics metrics,
            TriggerAction action, Runnable afterEachPoll, Clock clock, Sleeper sleeper, Executor actions,
            RestoreWatch restore, PollListener listener) {
        this.restore = restore;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ups = Objects.requireNonNull(ups, "ups");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.action = Objects.requireNonNull(action, "action");
        this.afterEachPoll = Objects.requireNonNull(afterEachPoll, "afterEachPoll");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.steadyNanos = steadyTwin(clock);
        this.policy = new TriggerPolicy(PolicySettings.from(settings));
        this.sleeper = sleeper != null ? sleeper : d -> stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
        this.ownActions = actions != null ? null
                : Executors.newSingleThreadExecutor(DaemonThreads.named("power-trigger"));
        this.actions = actions != null ? actions : ownActions;
    }

    /** Polls until {@link #stop()}; never throws out of the loop. */
    public void run() {
        log.info("power watch: polling {} every {}s ({}s on battery), debounce {} polls, runtime safety factor {}",
                settings.target(), settings.pollInterval().toSeconds(), settings.onBatteryPollInterval().toSeconds(),
                settings.debouncePolls(), settings.runtimeSafetyFactor());
        while (stopped.getCount() > 0) {
            try {
                poll();
            } catch (RuntimeException e) {
                log.error("power watch: poll failed, polling on: {}", e.toString(), e);
            }
            try {
                sleeper.sleep(interval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.info("power watch: stopped after {} polls", polls.get());
    }

    /** One poll: read, decide, log, feed the metrics, run the action on a trigger. */
    public synchronized Decision poll() {
        UpsSample sample = sample();
        Budget current = budget.get();
        Decision previous = lastDecision;
        Decision decision = policy.decide(sample, current.value());
        if (sample.reportsPowerSource()) {
            lastSeenOnBattery = sample.onBattery();
        }
        polls.incrementAndGet();
        if (changed(previous, decision) || lastSeenOnBattery || decision.trigger()) {
            log.info("{} budget={}s ({}){}", decision.logLine(), current.value().toSeconds(),
                    current.source().name().toLowerCase(Locale.ROOT), problemNotInReason(sample, decision));
        }
        metrics.upsSample(sample, decision, current.value(), current.source().name());
        // published after the metrics: whoever sees this decision (status, the viewer) finds the metrics saying it too
        lastDecision = decision;
        lastSample = sample;
        try {
            listener.polled(sample, decision);
        } catch (RuntimeException e) {
            log.warn("power watch: the poll listener failed: {}", e.toString(), e);
        }
        if (decision.trigger()) {
            triggeredAt = sample.at();
            triggering = decision;
            actionFailed = false;
            runAction(decision);
        } else if (decision.latched() && actionFailed && !actionRunning.get()) {
            log.warn("power watch: the last trigger action failed; running it again");
            runAction(triggering);
        }
        // every sample, the triggering one too: an outage must restart the restore's wait for stable mains
        if (restore != null) {
            try {
                restore.poll(sample);
            } catch (RuntimeException e) {
                log.warn("power watch: the restore check failed: {}", e.toString(), e);
            }
        }
        try {
            afterEachPoll.run();
        } catch (RuntimeException e) {
            log.warn("power watch: metrics refresh failed: {}", e.toString());
        }
        return decision;
    }

    /** The wait before the next poll: short while the UPS was last seen on battery. */
    public synchronized Duration interval() {
        return lastSeenOnBattery ? settings.onBatteryPollInterval() : settings.pollInterval();
    }

    public long polls() {
        return polls.get();
    }

    public Optional<Decision> lastDecision() {
        return Optional.ofNullable(lastDecision);
    }

    /** The UPS readings of the latest poll (what the run viewer shows); empty before the first. */
    public Optional<UpsSample> lastSample() {
        return Optional.ofNullable(lastSample);
    }

    /** When the UPS sample that fired the trigger was taken (the latest trigger); empty before any. */
    public Optional<Instant> triggeredAt() {
        return Optional.ofNullable(triggeredAt);
    }

    /** Ends {@link #run()} at once (the wait between polls is cut short); a running action is not interrupted. */
    public void stop() {
        stopped.countDown();
    }

    @Override
    public void close() {
        stop();
        if (restore != null) {
            restore.close();
        }
        if (ownActions != null) {
            ownActions.shutdown();
        }
    }

    /**
     * The clock the samples' times are measured on ({@link UpsSample#since}): for the system's wall clock, which NTP may
     * step, {@link System#nanoTime()}, which no step moves; any other clock (a test's, which only moves when told) is its
     * own steady clock.
     */
    private static LongSupplier steadyTwin(Clock clock) {
        if (clock.equals(Clock.systemUTC())) {
            return System::nanoTime;
        }
        return () -> UpsSample.nanos(clock.instant());
    }

    /** A reading as a sample; data older than {@code staleAfter} is no data ("stale"), never taken as current. */
    public static UpsSample sample(UpsReading reading, Instant now, Duration staleAfter) {
        Duration age = Duration.between(reading.readAt(), now);
        if (age.compareTo(staleAfter) > 0) {
            return UpsSample.unreachable(now, "stale: data " + age.toSeconds() + "s old (stale after "
                    + staleAfter.toSeconds() + "s)");
        }
        return new UpsSample(reading.readAt(), true, reading.statusFlags(), reading.runtimeSeconds(), null,
                reading.chargePercent(), reading.loadPercent());
    }

    /** A failed read as a sample without data; {@code ERR DATA-STALE} reads as stale. */
    public static UpsSample sample(NutException failure, Instant now) {
        String problem = "DATA-STALE".equals(failure.errorCode()) ? "stale: " + failure.getMessage() : failure.getMessage();
        return UpsSample.unreachable(now, problem);
    }

    private UpsSample sample() {
        return read().steadyAt(steadyNanos.getAsLong());
    }

    private UpsSample read() {
        try {
            return sample(ups.read(), clock.instant(), settings.staleAfter());
        } catch (NutException e) {
            return sample(e, clock.instant());
        } catch (RuntimeException e) {
            log.warn("power watch: reading the UPS failed unexpectedly: {}", e.toString(), e);
            return UpsSample.unreachable(clock.instant(), "reading failed: " + e);
        }
    }

    private void runAction(Decision decision) {
        actionRunning.set(true);
        actions.execute(() -> {
            try {
                action.onTrigger(decision);
                actionFailed = false;
            } catch (TriggerAction.Failed e) {
                actionFailed = true;
                log.error("power watch: trigger action failed: {}; it runs again at the next poll while triggered", e.getMessage());
            } catch (Exception e) {
                actionFailed = true;
                log.error("power watch: trigger action failed ({}); it runs again at the next poll while triggered",
                        e.toString(), e);
            } finally {
                actionRunning.set(false);
            }
        });
    }

    /** The log line names why there is no data; the reason already does while not latched. */
    private static String problemNotInReason(UpsSample sample, Decision decision) {
        if (sample.reachable() || sample.problem() == null || decision.reason().contains(sample.problem())) {
            return "";
        }
        return " problem=\"" + sample.problem() + "\"";
    }

    private static boolean changed(Decision previous, Decision current) {
        return previous == null || previous.state() != current.state() || previous.alarm() != current.alarm()
                || previous.latched() != current.latched();
    }
}
