package io.hecate.connectors.timesync;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads chronyc/timedatectl output; anything unexpected is "not synchronised" with what was seen. */
final class ClockOutputParser {

    static final String CHRONY = "chrony";
    static final String TIMEDATECTL = "timedatectl";
    private static final Pattern REFERENCE = Pattern.compile("^(\\p{XDigit}{8})\\s*\\((.*)\\)$");
    private static final Pattern SYSTEM_TIME = Pattern.compile("^([0-9.]+) seconds (fast|slow) of NTP time$");
    private static final int MAX_SEEN_CHARS = 120;

    private ClockOutputParser() {
    }

    /** Parses {@code chronyc -n tracking}. */
    static SyncState chronyTracking(String node, String output, Duration maxOffset) {
        Map<String, String> fields = fields(output);
        String leap = fields.get("leap status");
        String referenceLine = fields.get("reference id");
        if (leap == null || referenceLine == null) {
            return new SyncState(node, false, CHRONY, "unexpected chronyc output: " + seen(output));
        }
        if (!leap.equals("Normal")) {
            return new SyncState(node, false, CHRONY, "leap status: " + leap);
        }
        Matcher reference = REFERENCE.matcher(referenceLine);
        if (!reference.matches()) {
            return new SyncState(node, false, CHRONY, "unexpected reference id: " + seen(referenceLine));
        }
        String source = reference.group(2).strip();
        if (reference.group(1).equals("00000000") || source.isEmpty() || source.equals("0.0.0.0")) {
            return new SyncState(node, false, CHRONY, "no reference source (" + referenceLine + ")");
        }
        String systemTime = fields.get("system time");
        if (systemTime == null) {
            return new SyncState(node, true, CHRONY, "reference " + source);
        }
        Matcher offset = SYSTEM_TIME.matcher(systemTime);
        if (!offset.matches()) {
            return new SyncState(node, false, CHRONY, "unexpected system time: " + seen(systemTime));
        }
        double seconds = Double.parseDouble(offset.group(1));
        String detail = "reference " + source + ", offset " + offset.group(1) + " s " + offset.group(2);
        if (seconds * 1_000_000_000d > maxOffset.toNanos()) {
            return new SyncState(node, false, CHRONY, detail + " exceeds " + maxOffset.toMillis() + " ms");
        }
        return new SyncState(node, true, CHRONY, detail);
    }

    /** Parses {@code timedatectl show -p NTPSynchronized --value}. */
    static SyncState timedatectl(String node, String output) {
        String value = output == null ? "" : output.strip();
        return switch (value) {
            case "yes" -> new SyncState(node, true, TIMEDATECTL, "NTPSynchronized=yes");
            case "no" -> new SyncState(node, false, TIMEDATECTL, "NTPSynchronized=no");
            default -> new SyncState(node, false, TIMEDATECTL, "unexpected timedatectl output: " + seen(output));
        };
    }

    private static Map<String, String> fields(String output) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (output == null) {
            return fields;
        }
        for (String line : output.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    static String seen(String output) {
        if (output == null || output.isBlank()) {
            return "(empty)";
        }
        String oneLine = output.strip().replaceAll("\\s+", " ");
        return oneLine.length() > MAX_SEEN_CHARS ? oneLine.substring(0, MAX_SEEN_CHARS) + "..." : oneLine;
    }
}
