package io.hecate.connectors;

/**
 * The one failure type of every connector: what failed, on which node or object, what was seen, and a
 * hint for the operator. Each connector package subclasses it so callers can tell systems apart.
 */
public class ConnectorException extends RuntimeException {

    private final String target;
    private final String seen;
    private final String hint;

    public ConnectorException(String what, String target, String seen, String hint) {
        this(what, target, seen, hint, null);
    }

    public ConnectorException(String what, String target, String seen, String hint, Throwable cause) {
        super(format(what, target, seen, hint), cause);
        this.target = target;
        this.seen = seen;
        this.hint = hint;
    }

    public String target() {
        return target;
    }

    public String seen() {
        return seen;
    }

    public String hint() {
        return hint;
    }

    /**
     * Whether a later attempt may succeed, so the stage's retry cycle is worth spending on it. True unless a
     * connector knows better (a refused request, a bad key or file does not change by waiting).
     */
    public boolean retryable() {
        return true;
    }

    private static String format(String what, String target, String seen, String hint) {
        StringBuilder message = new StringBuilder(target).append(": ").append(what);
        if (seen != null && !seen.isBlank()) {
            message.append(" (saw: ").append(seen.strip()).append(')');
        }
        if (hint != null && !hint.isBlank()) {
            message.append("; hint: ").append(hint);
        }
        return message.toString();
    }
}
