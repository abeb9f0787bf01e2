package io.hecate.workflows.coordination;

import io.hecate.connectors.ssh.CommandResult;
import io.hecate.connectors.ssh.SshException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A peer's startup failover (after a power loss both hosts boot at once) gives a coordinator that is still
 * booting {@code coordination.coordinator_boot_wait_seconds} to answer: first its SSH, then its
 * {@code hecate status --json}. One attempt every {@link #PAUSE} at most, one progress line each. A coordinator
 * that refuses this peer for good (host key, login) is not waited for: that will not change by itself.
 */
public final class CoordinatorBootWait {

    /** A refused connection answers at once; this keeps the attempts, and their lines, a few seconds apart. */
    static final Duration PAUSE = Duration.ofSeconds(3);

    /**
     * What the wait ended with: the coordinator's status; or none, with {@code sshAnswered} telling a host that is
     * up (its hecate did not answer) from one that never answered, and {@code problem} the last thing seen.
     */
    public record Outcome(Optional<CoordinatorStatus> status, boolean sshAnswered, String problem) {
    }

    private final CoordinatorClient coordinator;
    private final Duration grace;
    private final Duration statusTimeout;
    private final Clock clock;
    private final Consumer<String> notes;

    public CoordinatorBootWait(CoordinatorClient coordinator, Duration grace, Duration statusTimeout, Clock clock, Consumer<String> notes) {
        this.coordinator = coordinator;
        this.grace = grace;
        this.statusTimeout = statusTimeout;
        this.clock = clock;
        this.notes = notes;
    }

    /** Asks until the coordinator's status answers or the grace runs out (the last attempt may overrun it by one SSH timeout). */
    public Outcome await() throws InterruptedException {
        Instant deadline = clock.instant().plus(grace);
        boolean sshAnswered = false;
        while (true) {
            Instant attempt = clock.instant();
            String problem;
            try {
                CommandResult result = coordinator.hecate("status --json", statusTimeout);
                sshAnswered = true;
                if (result.ok()) {
                    try {
                        return new Outcome(Optional.of(CoordinatorStatus.parse(result.stdout())), true, null);
                    } catch (IllegalArgumentException e) {
                        problem = "ssh answers, 'hecate status --json' does not (" + e.getMessage() + ")";
                    }
                } else {
                    problem = "ssh answers, 'hecate status --json' exit " + result.exitCode() + " (" + lastLine(result.stderr()) + ")";
                }
            } catch (SshException e) {
                problem = "ssh " + shortly(e);
                if (!e.retryable()) {
                    return new Outcome(Optional.empty(), false, e.getMessage() + "; not waited for, that will not change by itself");
                }
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return new Outcome(Optional.empty(), sshAnswered, problem);
            }
            notes.accept("waiting for coordinator " + coordinator.host() + ": " + problem + ", " + roundUp(left) + " s left");
            Duration sinceAttempt = Duration.between(attempt, clock.instant());
            Duration pause = PAUSE.minus(sinceAttempt);
            if (pause.compareTo(left) > 0) {
                pause = left;
            }
            if (!pause.isNegative()) {
                Thread.sleep(pause.toMillis());
            }
        }
    }

    /** "refused", "timed out", else what SSH saw: the progress line stays one short line. */
    private static String shortly(SshException e) {
        String seen = e.seen() == null ? e.getMessage() : e.seen();
        if (seen.toLowerCase(java.util.Locale.ROOT).contains("connection refused")) {
            return "refused";
        }
        return e.reason() == SshException.Reason.TIMED_OUT ? "timed out" : seen.strip();
    }

    private static long roundUp(Duration d) {
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }

    private static String lastLine(String text) {
        List<String> lines = text == null ? List.of() : text.strip().lines().toList();
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }
}
