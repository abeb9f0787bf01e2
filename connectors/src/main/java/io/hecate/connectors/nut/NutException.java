package io.hecate.connectors.nut;

import io.hecate.connectors.ConnectorException;

/**
 * A failure talking to upsd. {@link #errorCode()} holds the NUT {@code ERR} code when upsd answered
 * with one (e.g. {@code DATA-STALE}), so callers can tell lost data from a refused command; it is
 * null for transport failures and malformed replies.
 */
public class NutException extends ConnectorException {

    private final String errorCode;

    public NutException(String what, String target, String seen, String hint) {
        this(what, target, seen, hint, null, null);
    }

    public NutException(String what, String target, String seen, String hint, Throwable cause) {
        this(what, target, seen, hint, null, cause);
    }

    NutException(String what, String target, String seen, String hint, String errorCode, Throwable cause) {
        super(what, target, seen, hint, cause);
        this.errorCode = errorCode;
    }

    /** The NUT ERR code (without "ERR "), or null when the failure was not an ERR reply. */
    public String errorCode() {
        return errorCode;
    }
}
