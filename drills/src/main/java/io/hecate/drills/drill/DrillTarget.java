package io.hecate.drills.drill;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a drill runs: the lab (the default; {@code labDir} is where it is started) or, only when asked
 * for with both {@code --live} and {@code --execute}, the cluster a config file describes.
 */
public record DrillTarget(Path labDir, Path liveConfig) {

    public DrillTarget {
        if ((labDir == null) == (liveConfig == null)) {
            throw new IllegalArgumentException("a drill target is either the lab or a live config");
        }
    }

    public static DrillTarget lab(Path dir) {
        return new DrillTarget(Objects.requireNonNull(dir, "dir"), null);
    }

    /**
     * @throws IllegalArgumentException unless {@code execute} is set and a config is named: a live drill breaks a
     *     real cluster, so it is never the result of a forgotten flag
     */
    public static DrillTarget live(Path config, boolean execute) {
        if (!execute) {
            throw new IllegalArgumentException("--live breaks the real cluster: add --execute to confirm");
        }
        if (config == null) {
            throw new IllegalArgumentException("--live needs --config naming the cluster's hecate.yaml");
        }
        return new DrillTarget(null, config);
    }

    public boolean live() {
        return liveConfig != null;
    }

    @Override
    public String toString() {
        return live() ? "the live cluster of " + liveConfig : "the lab in " + labDir;
    }
}
