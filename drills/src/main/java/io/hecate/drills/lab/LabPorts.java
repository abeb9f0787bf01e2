package io.hecate.drills.lab;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for listeners the lab closes and reopens (SSHD, API gate, upsd). They come from below Linux's
 * ephemeral range (32768+): a client connecting to a closed ephemeral port can be handed that same port
 * as its own and connect to itself, which turns "connection refused" into a flaky echo.
 */
final class LabPorts {

    static final int FIRST = 20000;
    static final int LAST = 32000;
    private static final AtomicInteger NEXT = new AtomicInteger(
            FIRST + ThreadLocalRandom.current().nextInt(LAST - FIRST));

    private LabPorts() {
    }

    /** A port to try; callers move on to the next one when binding fails. */
    static int next() {
        return FIRST + Math.floorMod(NEXT.getAndIncrement() - FIRST, LAST - FIRST);
    }
}
