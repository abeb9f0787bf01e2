package io.hecate.engine.power;

import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The trigger policy's answer to one poll, with every input it used so that one log line explains it.
 *
 * @param trigger true exactly once per latch: start the emergency shutdown now
 * @param belowThresholdPolls consecutive on-battery polls at or below the threshold so far
 * @param alarm no usable NUT data in this poll
 * @param latched the policy has triggered and waits for mains to come back
 * @param debouncePolls how many consecutive low polls trigger
 * @param flags the UPS status flags of this poll (empty without data)
 */
public record Decision(
        PowerState state,
        boolean trigger,
        String reason,
        long thresholdSeconds,
        OptionalLong runtimeSeconds,
        int belowThresholdPolls,
        boolean alarm,
        boolean latched,
        int debouncePolls,
        Set<String> flags) {

    public Decision {
        flags = Set.copyOf(flags);
    }

    public String logLine() {
        return "ups state=" + state
                + " trigger=" + trigger
                + " runtime=" + (runtimeSeconds.isPresent() ? runtimeSeconds.getAsLong() + "s" : "unknown")
                + " threshold=" + thresholdSeconds + "s"
                + " polls=" + belowThresholdPolls + "/" + debouncePolls
                + " flags=" + String.join(",", new TreeSet<>(flags))
                + " alarm=" + alarm
                + " latched=" + latched
                + " reason=\"" + reason + "\"";
    }
}
