package io.hecate.connectors.vault;

import io.hecate.connectors.ConnectorException;

/** A failure talking to Vault's HTTP API. Never carries key material or request bodies. */
public class VaultException extends ConnectorException {

    public VaultException(String what, String target, String seen, String hint) {
        super(what, target, seen, hint);
    }

    public VaultException(String what, String target, String seen, String hint, Throwable cause) {
        super(what, target, seen, hint, cause);
    }
}
