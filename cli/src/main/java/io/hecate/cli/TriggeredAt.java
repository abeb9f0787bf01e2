package io.hecate.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code hecate shutdown --triggered-at}: the instant a peer's UPS trigger fired, so the run's budget sample
 * counts from it (the SSH hop and this host's engine boot, 6-16 s measured, are part of what the battery must
 * cover). Text that is no RFC 3339 instant is bad input (exit 2). A plausible instant is trusted; one further
 * ahead of this host's clock than {@link #MAX_AHEAD} or older than {@link #MAX_AGE} means a wrong clock on one
 * of the two hosts, and is ignored with a warning: a sample that large would raise the learned budget for the
 * next 20 runs.
 */
final class TriggeredAt {

    static final String OPTION = "--triggered-at";
    /** Hosts kept in sync by NTP differ by milliseconds; this leaves room for a clock that is a little off. */
    static final Duration MAX_AHEAD = Duration.ofSeconds(30);
    /** A forwarded command arrives within seconds; the peer waits at most its trigger threshold for the answer. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private TriggeredAt() {
    }

    /** The instant to measure the budget sample from, or empty when it is not plausible (said through {@code warn}). */
    static Optional<Instant> forBudget(String text, Instant now, Consumer<String> warn) {
        Instant at = parse(text);
        if (at.isAfter(now.plus(MAX_AHEAD))) {
            warn.accept(OPTION + " " + text + " is " + Duration.between(now, at).toSeconds() + " s ahead of this host's clock (more than "
                    + MAX_AHEAD.toSeconds() + " s): a clock is wrong; the budget sample counts from the run's start");
            return Optional.empty();
        }
        if (at.isBefore(now.minus(MAX_AGE))) {
            warn.accept(OPTION + " " + text + " is " + Duration.between(at, now).toSeconds() + " s before this host's clock (more than "
                    + MAX_AGE.toSeconds() + " s): a clock is wrong; the budget sample counts from the run's start");
            return Optional.empty();
        }
        return Optional.of(at);
    }

    /** The form the peer sends: RFC 3339 in UTC, milliseconds. */
    static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static Instant parse(String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadInputException(OPTION + " must be an RFC 3339 instant such as 2026-12-01T18:05:08.123Z, got \"" + text + "\"");
        }
    }
}
