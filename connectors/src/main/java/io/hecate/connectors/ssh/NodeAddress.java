package io.hecate.connectors.ssh;

import java.nio.file.Path;
import java.util.List;

/** Where and as whom to reach a node, after applying ssh_node_hosts/users, the ssh config file and defaults. */
record NodeAddress(String node, String host, int port, String user, List<Path> extraIdentities) {

    String hostAndPort() {
        return host + ":" + port;
    }

    /** Parses "host" or "host:port" (also "[v6]:port"); a missing port is {@code defaultPort}. */
    static HostPort parseHostPort(String value, int defaultPort) {
        String text = value.strip();
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            String host = text.substring(1, close);
            String rest = text.substring(close + 1);
            return new HostPort(host, rest.startsWith(":") ? Integer.parseInt(rest.substring(1)) : defaultPort);
        }
        int colon = text.lastIndexOf(':');
        if (colon > 0 && text.indexOf(':') == colon) {
            return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        }
        return new HostPort(text, defaultPort);
    }

    record HostPort(String host, int port) {
    }
}
