package io.hecate.connectors.nut;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The text side of the NUT network protocol (docs/net-protocol.txt): formatting commands, splitting
 * reply lines into words with NUT's quoting, mapping {@code ERR} codes to operator hints, and turning
 * the variables of {@code LIST VAR} into a {@link UpsReading}. No I/O, so it is tested with canned lines.
 */
final class NutProtocol {

    static final String STATUS = "ups.status";
    static final String CHARGE = "battery.charge";
    static final String RUNTIME = "battery.runtime";
    static final String LOAD = "ups.load";

    /** Every ERR code of NUT 2.8's net-protocol, with what an operator should check. */
    static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("ACCESS-DENIED", "the user/password is wrong or lacks the right in upsd.users"
                    + " (FSD needs 'upsmon primary'; SET needs 'actions = SET'); restart upsd after editing"),
            Map.entry("UNKNOWN-UPS", "no UPS of that name on this upsd: check ups.target in hecate.yaml"
                    + " against 'upsc -l <host>'"),
            Map.entry("VAR-NOT-SUPPORTED", "this UPS/driver does not report the variable: list what it"
                    + " reports with 'upsc <ups>@<host>'"),
            Map.entry("CMD-NOT-SUPPORTED", "the driver does not support this instant command: see"
                    + " 'upscmd -l <ups>@<host>'"),
            Map.entry("INVALID-ARGUMENT", "upsd rejected the command's arguments; this is a Hecate bug,"
                    + " please report it with this message"),
            Map.entry("INSTCMD-FAILED", "the driver could not run the instant command: check the driver"
                    + " log (journalctl -u nut-driver@<ups>)"),
            Map.entry("SET-FAILED", "the driver could not set the variable: check the driver log"),
            Map.entry("READONLY", "the variable is read-only on this UPS"),
            Map.entry("TOO-LONG", "the value is longer than the variable allows"),
            Map.entry("FEATURE-NOT-SUPPORTED", "this upsd was built without the feature (e.g. STARTTLS"
                    + " without SSL support)"),
            Map.entry("FEATURE-NOT-CONFIGURED", "enable the feature in upsd.conf (e.g. CERTFILE for"
                    + " STARTTLS)"),
            Map.entry("ALREADY-SSL-MODE", "TLS is already active on this connection; this is a Hecate bug"),
            Map.entry("DRIVER-NOT-CONNECTED", "the UPS driver is down: start it with 'upsdrvctl start'"
                    + " (or systemctl start nut-driver@<ups>) and check its log"),
            Map.entry("DATA-STALE", "the driver has lost contact with the UPS (cable, USB, SNMP): check"
                    + " the driver log and the UPS link; the data is not trustworthy until it recovers"),
            Map.entry("ALREADY-LOGGED-IN", "this connection already sent LOGIN for the UPS"),
            Map.entry("INVALID-PASSWORD", "upsd rejected the password's format: use plain printable"
                    + " characters in upsd.users and hecate.yaml"),
            Map.entry("ALREADY-SET-PASSWORD", "PASSWORD was sent twice on one connection; this is a Hecate bug"),
            Map.entry("INVALID-USERNAME", "upsd rejected the username's format: use plain printable"
                    + " characters in upsd.users and hecate.yaml"),
            Map.entry("ALREADY-SET-USERNAME", "USERNAME was sent twice on one connection; this is a Hecate bug"),
            Map.entry("USERNAME-REQUIRED", "this command needs credentials: set the NUT username and"
                    + " password in hecate.yaml to a upsd.users entry with 'upsmon primary'"),
            Map.entry("PASSWORD-REQUIRED", "this command needs credentials: set the NUT password in"
                    + " hecate.yaml to the one in upsd.users"),
            Map.entry("UNKNOWN-COMMAND", "this upsd does not know the command: check the NUT version"
                    + " ('upsd -V'); Hecate needs NUT 2.7 or later"),
            Map.entry("INVALID-VALUE", "the value is not allowed for this variable"));

    /** Hints that depend on the command as well as the code: the right upsd.users line differs per verb. */
    static final Map<String, String> VERB_HINTS = Map.of(
            "INSTCMD ACCESS-DENIED", "the user/password is wrong or the upsd.users entry lacks the command:"
                    + " it needs 'instcmds = shutdown.return' (or ALL); restart upsd after editing",
            "FSD ACCESS-DENIED", "the user/password is wrong or the upsd.users entry lacks 'upsmon primary'"
                    + " (FSD needs it); restart upsd after editing",
            "LOGIN ACCESS-DENIED", "the user/password is wrong or the upsd.users entry lacks 'upsmon primary'"
                    + " (or secondary); restart upsd after editing",
            "INSTCMD CMD-NOT-SUPPORTED", "the UPS driver offers no such instant command: list what it offers with"
                    + " 'upscmd -l <ups>@<host>'",
            "INSTCMD INVALID-ARGUMENT", "upsd did not accept the INSTCMD line; check the NUT version ('upsd -V')");

    static final String UNKNOWN_CODE_HINT = "upsd answered with an error code Hecate does not know:"
            + " see NUT's net-protocol documentation and the upsd log";

    private NutProtocol() {
    }

    /** Formats a command line; words holding spaces, quotes or backslashes are quoted and escaped. */
    static String command(String... words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(needsQuotes(word) ? quote(word) : word);
        }
        return line.toString();
    }

    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static boolean needsQuotes(String word) {
        if (word.isEmpty()) {
            return true;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isWhitespace(c) || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    /**
     * Splits a reply line into words: blanks separate, double quotes group, and inside or outside
     * quotes a backslash makes the next character literal. Unbalanced quotes or a trailing backslash
     * -> IllegalArgumentException.
     */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("line ends in a lone backslash");
                }
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(++i));
            } else if (c == '"') {
                word = word == null ? new StringBuilder() : word;
                quoted = !quoted;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    static boolean isError(String line) {
        return line.equals("ERR") || line.startsWith("ERR ");
    }

    /**
     * Maps an {@code ERR CODE [extra]} reply to an exception naming the UPS, the code, the request and
     * an operator hint. {@code shownRequest} must already be free of secrets.
     */
    static NutException error(UpsTarget target, String shownRequest, String line) {
        String rest = line.length() > 3 ? line.substring(4).strip() : "";
        int space = rest.indexOf(' ');
        String code = space < 0 ? rest : rest.substring(0, space);
        if (code.isEmpty()) {
            code = "(none)";
        }
        String verb = shownRequest.split(" ", 2)[0];
        String hint = VERB_HINTS.getOrDefault(verb + " " + code, HINTS.getOrDefault(code, UNKNOWN_CODE_HINT));
        return new NutException("upsd answered ERR " + code + " to '" + shownRequest + "'",
                target.toString(), line, hint, code, null);
    }

    static NutException malformed(UpsTarget target, String shownRequest, String expected, String seen) {
        return new NutException("malformed reply to '" + shownRequest + "': expected " + expected,
                target.toString(), seen == null ? "connection closed by upsd" : seen,
                "upsd or something else on that port is not speaking the NUT protocol as expected;"
                        + " check ups.target's host and port", null, null);
    }

    /**
     * Builds a reading from LIST VAR's variables. {@code WAIT} (driver has no data yet) and a missing
     * {@code ups.status} are errors, not readings: Hecate must never take "no data" for mains power.
     */
    static UpsReading reading(UpsTarget target, Map<String, String> vars, Instant readAt) {
        String status = vars.get(STATUS);
        if (status == null || status.isBlank()) {
            throw new NutException("UPS reports no ups.status", target.toString(), "variables " + vars.keySet(),
                    "the driver is not delivering data for this UPS: check 'upsc " + target + "' and the driver log");
        }
        Set<String> flags = new LinkedHashSet<>(List.of(status.strip().split("\\s+")));
        if (flags.contains("WAIT")) {
            throw new NutException("UPS has no data yet (status WAIT)", target.toString(), "ups.status \"" + status + "\"",
                    "the driver has just started or cannot reach the UPS; if this persists for more than"
                            + " a few seconds, check the driver log", "WAIT", null);
        }
        return new UpsReading(target, flags,
                optionalDouble(target, vars, CHARGE),
                optionalRuntime(target, vars),
                optionalDouble(target, vars, LOAD),
                readAt);
    }

    private static OptionalDouble optionalDouble(UpsTarget target, Map<String, String> vars, String name) {
        String value = vars.get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(number(target, name, value));
    }

    // Some drivers report runtime with decimals ("1800.00"): whole seconds are enough for budgets.
    private static OptionalLong optionalRuntime(UpsTarget target, Map<String, String> vars) {
        String value = vars.get(RUNTIME);
        return value == null ? OptionalLong.empty() : OptionalLong.of(Math.round(number(target, RUNTIME, value)));
    }

    private static double number(UpsTarget target, String name, String value) {
        try {
            double number = Double.parseDouble(value.strip());
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // fall through to the one error below
        }
        throw new NutException("UPS variable " + name + " is not a number", target.toString(),
                name + " \"" + value + "\"", "the driver reports a value Hecate cannot use; check 'upsc "
                + target + " " + name + "'");
    }
}
