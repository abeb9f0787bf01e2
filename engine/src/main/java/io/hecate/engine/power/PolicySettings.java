package io.hecate.engine.power;

import io.hecate.engine.config.HecateConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * What the trigger policy needs from {@code ups:} in the config.
 *
 * @param staleAfter not used by the policy itself: the poller marks older data {@code reachable=false, "stale"}
 */
public record PolicySettings(
        double runtimeSafetyFactor, int debouncePolls, Duration staleAfter, Duration deadTime, Duration mainsRestore) {

    public PolicySettings {
        if (debouncePolls < 1) {
            throw new IllegalArgumentException("debouncePolls must be >= 1, got " + debouncePolls);
        }
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(deadTime, "deadTime");
        Objects.requireNonNull(mainsRestore, "mainsRestore");
    }

    public static PolicySettings from(HecateConfig.Ups ups) {
        return new PolicySettings(
                ups.runtimeSafetyFactor(), ups.debouncePolls(), ups.staleAfter(), ups.deadTime(), ups.mainsRestore());
    }
}
