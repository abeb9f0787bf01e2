package io.hecate.connectors.probe;

/**
 * Checks that a service answers. Never throws for HTTP outcomes (wrong status, timeout, refused, TLS
 * failure): those are results with {@code passed = false} and a detail for the operator.
 */
public interface HttpProbe {

    ProbeResult check(ProbeSpec spec);
}
