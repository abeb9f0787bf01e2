package io.hecate.engine.power;

/**
 * Told after every poll what the UPS said and what the policy decided, so the daemon can prepare for a trigger
 * before it fires (e.g. open the SSH sessions the emergency run will use). It runs on the poll thread: it must
 * hand any slow work to its own thread and return at once.
 */
@FunctionalInterface
public interface PollListener {

    PollListener NONE = (sample, decision) -> { };

    void polled(UpsSample sample, Decision decision);

    /** This listener, then {@code next}. */
    default PollListener andThen(PollListener next) {
        return (sample, decision) -> {
            polled(sample, decision);
            next.polled(sample, decision);
        };
    }
}
