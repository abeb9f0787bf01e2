package io.hecate.drills.lab;

import java.time.Instant;

/** One line of the lab's timeline: a command a node received or a state change. */
public record LabEvent(Instant at, String node, String what) {

    @Override
    public String toString() {
        return at + " " + node + ": " + what;
    }
}
