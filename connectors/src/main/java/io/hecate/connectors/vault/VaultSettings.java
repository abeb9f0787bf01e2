package io.hecate.connectors.vault;

import java.time.Duration;
import java.util.Objects;

/** The timeout bounds connect and each request. TLS verification is on unless turned off explicitly. */
public record VaultSettings(Duration timeout, boolean verifyTls) {

    public VaultSettings {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Vault timeout must be positive, got " + timeout);
        }
    }

    public VaultSettings(Duration timeout) {
        this(timeout, true);
    }
}
