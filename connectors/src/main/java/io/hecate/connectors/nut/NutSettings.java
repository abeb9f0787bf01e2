package io.hecate.connectors.nut;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach upsd. Username and password are both null (anonymous: reading only) or both set
 * (needed for FSD: a upsd.users entry with {@code upsmon primary}). The timeout bounds connect and
 * every reply.
 */
public record NutSettings(UpsTarget target, String username, String password, Duration timeout) {

    public NutSettings {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("NUT timeout must be positive, got " + timeout);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("NUT username and password must be set together");
        }
    }

    public static NutSettings anonymous(UpsTarget target, Duration timeout) {
        return new NutSettings(target, null, null, timeout);
    }

    public boolean hasCredentials() {
        return username != null;
    }

    /** Never shows the password: settings end up in logs and error messages. */
    @Override
    public String toString() {
        return "NutSettings[target=" + target + ", username=" + username
                + ", password=" + (password == null ? "none" : "****") + ", timeout=" + timeout + "]";
    }
}
