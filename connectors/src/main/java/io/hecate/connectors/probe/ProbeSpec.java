package io.hecate.connectors.probe;

import java.time.Duration;
import java.util.Objects;

/** One post-start probe: GET {@code url} must answer {@code expectedStatus} within {@code timeout}. */
public record ProbeSpec(String url, int expectedStatus, Duration timeout, boolean insecureSkipTlsVerify) {

    public ProbeSpec {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("probe timeout must be positive, got " + timeout);
        }
        if (expectedStatus < 100 || expectedStatus > 599) {
            throw new IllegalArgumentException("probe expected status must be 100-599, got " + expectedStatus);
        }
    }
}
