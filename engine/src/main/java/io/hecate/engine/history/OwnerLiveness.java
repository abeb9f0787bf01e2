package io.hecate.engine.history;

import io.hecate.connectors.BootClock;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a run's owner still lives, decided in milliseconds and never by a lock timeout: on this host and boot
 * the owner's pid answers at once (a pid reused by a younger process does not count); a different boot id on
 * this host means the host restarted; an owner elsewhere, or one whose engine closed in a living process, is
 * gone once its heartbeat is older than {@link #STALE}. An owner that said it stopped wrote a heartbeat at the epoch:
 * gone at once. On this host and boot both the process's start and the heartbeat's age are read on the boot clock
 * ({@link BootClock}) when the owner recorded them: judged by the wall clock, a step of it (NTP setting the time of a
 * host that booted without a battery-backed clock, minutes to hours forward) made every living owner look gone, and
 * every reader ended its runs as orphans.
 */
public final class OwnerLiveness {

    public enum State { ALIVE, GONE, HOST_RESTARTED }

    /**
     * Longer than a living owner's heartbeat can pause: its writes wait out a hand-over of the history's file for up to
     * {@link HandOver#PATIENCE} (~7 s measured after the serving process was killed), one heartbeat (1 s) on top. At
     * 10 s, a reader that got the file first after a kill could end the runs of an owner still waiting for it as
     * orphans: their real end was then refused, and an operator offered to resume a run that had finished.
     */
    static final Duration STALE = HandOver.PATIENCE.plusSeconds(5);

    private final String host;
    private final String bootId;
    private final Clock clock;

    public OwnerLiveness(Clock clock) {
        this(RunOwner.thisHost(), RunOwner.thisBoot(), clock);
    }

    OwnerLiveness(String host, String bootId, Clock clock) {
        this.host = host;
        this.bootId = bootId;
        this.clock = clock;
    }

    /** An owner the history does not know (a run recorded before owners existed) is gone. */
    public State of(Optional<RunOwner> owner) {
        if (owner.isEmpty()) {
            return State.GONE;
        }
        RunOwner o = owner.get();
        if (!host.equals(o.host())) {
            return wallClockAge(o).compareTo(STALE) <= 0 ? State.ALIVE : State.GONE;
        }
        if (!bootId.isEmpty() && !o.bootId().isEmpty() && !bootId.equals(o.bootId())) {
            return State.HOST_RESTARTED;
        }
        return processAlive(o) && heartbeatAge(o).compareTo(STALE) <= 0 ? State.ALIVE : State.GONE;
    }

    private Duration wallClockAge(RunOwner owner) {
        return Duration.between(owner.heartbeat(), clock.instant());
    }

    /** An owner of this host and boot: on the boot clock when it recorded its heartbeat there. */
    private Duration heartbeatAge(RunOwner owner) {
        Long now = BootClock.uptimeMillis();
        return owner.heartbeatUptimeMillis() == null || now == null ? wallClockAge(owner)
                : Duration.ofMillis(now - owner.heartbeatUptimeMillis());
    }

    private static boolean processAlive(RunOwner owner) {
        if (owner.startTicks() != null) {
            return owner.startTicks().equals(BootClock.startTicks(owner.pid()));
        }
        return ProcessHandle.of(owner.pid())
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().startInstant().map(start -> !start.isAfter(owner.started())).orElse(true))
                .orElse(false);
    }
}
