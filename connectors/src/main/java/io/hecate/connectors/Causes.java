package io.hecate.connectors;

/** A failure's chain of causes. */
public final class Causes {

    private Causes() {
    }

    /** The innermost cause of {@code failure} (itself when it has none): the one whose message says what happened. */
    public static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
