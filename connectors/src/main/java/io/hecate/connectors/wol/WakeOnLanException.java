package io.hecate.connectors.wol;

import io.hecate.connectors.ConnectorException;

/** A magic packet that could not be sent (unresolvable broadcast address, no route). */
public class WakeOnLanException extends ConnectorException {

    public WakeOnLanException(String what, String target, String seen, String hint) {
        super(what, target, seen, hint);
    }
}
