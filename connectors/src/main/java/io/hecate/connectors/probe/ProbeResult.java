package io.hecate.connectors.probe;

import java.time.Duration;

/** What a probe saw. {@code status} is 0 when no HTTP response arrived (refused, timeout, TLS). */
public record ProbeResult(ProbeSpec spec, boolean passed, int status, String detail, Duration took) {
}
