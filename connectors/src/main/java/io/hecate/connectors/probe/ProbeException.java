package io.hecate.connectors.probe;

import io.hecate.connectors.ConnectorException;

/**
 * A probe that could not even be attempted (e.g. a malformed URL in the config). HTTP outcomes are
 * never exceptions: they are failed {@link ProbeResult}s.
 */
public class ProbeException extends ConnectorException {

    public ProbeException(String what, String target, String seen, String hint) {
        super(what, target, seen, hint);
    }

    public ProbeException(String what, String target, String seen, String hint, Throwable cause) {
        super(what, target, seen, hint, cause);
    }
}
