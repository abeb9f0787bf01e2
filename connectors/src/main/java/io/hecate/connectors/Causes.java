package io.hecate.connectors;

import java.util.stream.Stream;

/** A failure's chain of causes. */
public final class Causes {

    private Causes() {
    }

    /** {@code failure}, then its cause, that one's cause and so on (a cause that is its own ends the chain). */
    public static Stream<Throwable> chain(Throwable failure) {
        return Stream.iterate(failure, t -> t != null, t -> t.getCause() == t ? null : t.getCause());
    }

    /** The innermost cause of {@code failure} (itself when it has none): the one whose message says what happened. */
    public static Throwable root(Throwable failure) {
        return chain(failure).reduce((outer, inner) -> inner).orElseThrow();
    }
}
