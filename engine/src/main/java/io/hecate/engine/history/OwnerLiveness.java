package io.hecate.engine.history;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a run's owner still lives, decided in milliseconds and never by a lock timeout: on this host and boot
 * the owner's pid answers at once (a pid reused by a younger process does not count); a different boot id on
 * this host means the host restarted; an owner elsewhere, or one whose engine closed in a living process, is
 * gone once its heartbeat is older than {@link #STALE}.
 */
public final class OwnerLiveness {

    public enum State { ALIVE, GONE, HOST_RESTARTED }

    static final Duration STALE = Duration.ofSeconds(10);

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
        boolean heartbeatFresh = Duration.between(o.heartbeat(), clock.instant()).compareTo(STALE) <= 0;
        if (!host.equals(o.host())) {
            return heartbeatFresh ? State.ALIVE : State.GONE;
        }
        if (!bootId.isEmpty() && !o.bootId().isEmpty() && !bootId.equals(o.bootId())) {
            return State.HOST_RESTARTED;
        }
        return processAlive(o) && heartbeatFresh ? State.ALIVE : State.GONE;
    }

    private static boolean processAlive(RunOwner owner) {
        return ProcessHandle.of(owner.pid())
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().startInstant().map(start -> !start.isAfter(owner.started())).orElse(true))
                .orElse(false);
    }
}
