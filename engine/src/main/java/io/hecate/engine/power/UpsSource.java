package io.hecate.engine.power;

import io.hecate.connectors.nut.UpsReading;

/** Where {@link PowerWatch} reads the UPS: {@code NutClient::read} in the daemon, a fake in tests. */
@FunctionalInterface
public interface UpsSource {

    /** One reading; a {@link io.hecate.connectors.nut.NutException} when there is no usable data. */
    UpsReading read();
}
