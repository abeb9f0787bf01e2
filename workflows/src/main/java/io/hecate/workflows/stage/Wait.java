package io.hecate.workflows.stage;

import io.hecate.connectors.BootClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * One pass of a BPMN wait loop: the task checks once and sets its state variable, a gateway routes
 * {@link #READY} onwards, {@link #WAITING} to a timer of {@link #INTERVAL} and back, anything else to a
 * fallback or a failed end. The deadline is a process variable set on the first pass, so a crash resumes
 * the same wait instead of starting a new one. Each pass that waits on records what it waits for and the
 * time left ({@link #PROGRESS}), so a console following the run shows progress on a long wait.
 *
 * <p>The deadline is kept on this host's boot clock too ({@link BootClock}; a resumed run is always on the boot it
 * started on, a run cut by a restart is never resumed), and decides when that clock tells: NTP stepping the wall clock
 * during the startup after a power loss (a host without a battery-backed clock boots hours behind) ended every wait
 * of the run at its next pass, the API's perhaps with an etcd restore.
 */
public final class Wait {

    public static final String READY = "ready";
    public static final String WAITING = "waiting";
    public static final String TIMED_OUT = "timed_out";
    /** ISO-8601 duration of the timer between checks; a starter may set it (the lab uses PT1S). */
    public static final String INTERVAL = "waitInterval";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    /** How every progress line starts; readers of the history collapse a wait's lines to its latest. */
    public static final String PROGRESS = "waiting for ";

    /** Ends the name of the variable that holds the deadline on the boot clock (ms of uptime). */
    private static final String ON_BOOT_CLOCK = "OnBootClock";

    private final DelegateExecution execution;
    private final String deadlineVariable;
    private final Instant deadline;
    private final Long bootDeadline;
    private final boolean firstPass;

    private Wait(DelegateExecution execution, String deadlineVariable, Instant deadline, Long bootDeadline, boolean firstPass) {
        this.execution = execution;
        this.deadlineVariable = deadlineVariable;
        this.deadline = deadline;
        this.bootDeadline = bootDeadline;
        this.firstPass = firstPass;
    }

    /** Starts the deadline {@code timeout} from now on the first pass; later passes keep it. */
    public static Wait of(DelegateExecution execution, String deadlineVariable, Duration timeout, Clock clock) {
        if (!execution.hasVariable(INTERVAL)) {
            execution.setVariable(INTERVAL, DEFAULT_INTERVAL.toString());
        }
        Object stored = execution.getVariable(deadlineVariable);
        if (stored instanceof Long millis) {
            Object onBoot = execution.getVariable(deadlineVariable + ON_BOOT_CLOCK);
            return new Wait(execution, deadlineVariable, Instant.ofEpochMilli(millis), onBoot instanceof Long boot ? boot : null, false);
        }
        Instant deadline = clock.instant().plus(timeout);
        Long uptime = BootClock.uptimeMillis();
        Long bootDeadline = uptime == null ? null : uptime + timeout.toMillis();
        execution.setVariable(deadlineVariable, deadline.toEpochMilli());
        execution.setVariable(deadlineVariable + ON_BOOT_CLOCK, bootDeadline);
        return new Wait(execution, deadlineVariable, deadline, bootDeadline, true);
    }

    public boolean firstPass() {
        return firstPass;
    }

    public boolean passed(Clock clock) {
        return millisLeft(clock) <= 0;
    }

    /** Records "waiting for 3/8 nodes Ready, 41 s left" and sets the state to {@link #WAITING} for another pass. */
    public String keepWaiting(StageContext stage, String what, String stateVariable, Clock clock) {
        stage.record(progress(what, millisLeft(clock)));
        return conclude(stateVariable, WAITING);
    }

    /** On the boot clock when the deadline was kept there and the clock still tells, else on {@code clock}. */
    private long millisLeft(Clock clock) {
        Long uptime = bootDeadline == null ? null : BootClock.uptimeMillis();
        return uptime != null ? bootDeadline - uptime : Duration.between(clock.instant(), deadline).toMillis();
    }

    static String progress(String what, Instant deadline, Instant now) {
        return progress(what, Duration.between(now, deadline).toMillis());
    }

    /** Whole seconds left, rounded up so that "0 s left" means the deadline has passed. */
    private static String progress(String what, long millisLeft) {
        return PROGRESS + what + ", " + (Math.max(0, millisLeft) + 999) / 1000 + " s left";
    }

    /** Ends this wait: the next pass (after a fallback) starts a fresh deadline. */
    public void reset() {
        execution.removeVariable(deadlineVariable);
        execution.removeVariable(deadlineVariable + ON_BOOT_CLOCK);
    }

    /** Sets the state and, when it ends the wait, resets the deadline. */
    public String conclude(String stateVariable, String state) {
        execution.setVariable(stateVariable, state);
        if (!WAITING.equals(state)) {
            reset();
        }
        return state;
    }
}
