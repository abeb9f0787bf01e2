package io.hecate.connectors.local;

import io.hecate.connectors.ConnectorException;

/** A command on this host that could not start, failed or did not finish in time. */
public class LocalException extends ConnectorException {

    public LocalException(String what, String target, String seen, String hint) {
        super(what, target, seen, hint);
    }
}
