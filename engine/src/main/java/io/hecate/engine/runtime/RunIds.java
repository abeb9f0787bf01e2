package io.hecate.engine.runtime;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Run ids that sort by time and read well in a terminal: {@code 20261124-061502-3fa9}. */
public final class RunIds {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    public static String next(Clock clock) {
        return FORMAT.format(clock.instant()) + "-" + String.format("%04x", RANDOM.nextInt(0x10000));
    }
}
