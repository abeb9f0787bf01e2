package io.hecate.drills.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Shape and timing of a simulated Titan cluster. Delays are how long the fake commands take. */
public record LabSpec(int controlPlanes, int workers, Duration stopDelay, Duration startDelay, Duration poweroffDelay,
                      Duration snapshotDelay, Path workDir, boolean k3sStartsAtBoot) {

    public static final int MAX_NODES = 200;

    public LabSpec {
        if (controlPlanes < 1) {
            throw new IllegalArgumentException("controlPlanes must be >= 1, got " + controlPlanes);
        }
        if (workers < 1 || controlPlanes + workers > MAX_NODES) {
            throw new IllegalArgumentException("workers must be >= 1 and controlPlanes + workers <= " + MAX_NODES
                    + ", got " + controlPlanes + " + " + workers);
        }
        Objects.requireNonNull(stopDelay, "stopDelay");
        Objects.requireNonNull(startDelay, "startDelay");
        Objects.requireNonNull(poweroffDelay, "poweroffDelay");
        Objects.requireNonNull(snapshotDelay, "snapshotDelay");
        Objects.requireNonNull(workDir, "workDir");
    }

    /** Titan's shape (3 servers, 5 agents) with delays short enough for tests. */
    public static LabSpec defaults(Path workDir) {
        return new LabSpec(3, 5, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofMillis(200), workDir, false);
    }

    public LabSpec withNodes(int controlPlanes, int workers) {
        return new LabSpec(controlPlanes, workers, stopDelay, startDelay, poweroffDelay, snapshotDelay, workDir,
                k3sStartsAtBoot);
    }

    public LabSpec withStopDelay(Duration delay) {
        return new LabSpec(controlPlanes, workers, delay, startDelay, poweroffDelay, snapshotDelay, workDir,
                k3sStartsAtBoot);
    }

    public LabSpec withK3sStartsAtBoot(boolean startsAtBoot) {
        return new LabSpec(controlPlanes, workers, stopDelay, startDelay, poweroffDelay, snapshotDelay, workDir,
                startsAtBoot);
    }
}
