package io.hecate.connectors.vault;

import java.net.URI;
import java.util.List;

/** The Vault verbs startup needs. Every failure is a {@link VaultException}. */
public interface VaultUnsealer {

    SealStatus sealStatus(URI address);

    /**
     * Submits key shares one at a time until Vault reports unsealed, using no more than needed; an
     * already unsealed Vault gets none. Running out of keys while still sealed is a VaultException.
     */
    SealStatus unseal(URI address, List<String> keys);
}
