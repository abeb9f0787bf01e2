package io.hecate.drills.lab;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for listeners the lab closes and reopens (SSHD, API gate, upsd). They come from below Linux's
 * ephemeral range (32768+): a client connecting to a closed ephemeral port can be handed that same port
 * as its own and connect to itself, which turns "connection refused" into a flaky echo.
 */
final class LabPorts {

    static final int FIRST = 20000;
    static final int LAST = 32000;

    private LabPorts() {
    }

    /**
     * A port to try, anywhere in the range; callers try another when binding fails. Random rather than counted:
     * another process holding a block of ports (a 200-node lab) makes a counter fail many times in a row.
     */
    static int next() {
        return FIRST + ThreadLocalRandom.current().nextInt(LAST - FIRST);
    }
}
