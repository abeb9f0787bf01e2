package io.hecate.connectors.nut;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A UPS as upsd knows it: {@code name@host[:port]}, the form of {@code ups.target} and of upsc. */
public record UpsTarget(String ups, String host, int port) {

    public static final int DEFAULT_PORT = 3493;

    // NUT UPS names are plain tokens; host may be a name, IPv4, or a bracketed IPv6 literal.
    private static final Pattern FORM =
            Pattern.compile("([A-Za-z0-9_.\\-]+)@(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_.\\-]+)(?::(\\d{1,5}))?");

    public UpsTarget {
        Objects.requireNonNull(ups, "ups");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("UPS port must be 1-65535, got " + port);
        }
    }

    /** Parses {@code name@host[:port]}; bad text -> IllegalArgumentException quoting the text. */
    public static UpsTarget parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("UPS target must look like name@host[:port], got null");
        }
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("UPS target must look like name@host[:port], got '" + text + "'");
        }
        int port = DEFAULT_PORT;
        if (m.group(3) != null) {
            port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(
                        "UPS target must look like name@host[:port] with port 1-65535, got '" + text + "'");
            }
        }
        String host = m.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new UpsTarget(m.group(1), host, port);
    }

    @Override
    public String toString() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return port == DEFAULT_PORT ? ups + "@" + shownHost : ups + "@" + shownHost + ":" + port;
    }
}
