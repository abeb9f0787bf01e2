package io.hecate.connectors.nut;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NUT network-protocol client over one plain TCP connection to upsd, kept open between polls.
 * A connection that breaks is dropped; the next call opens a new one, and a call that fails on a
 * reused connection (upsd restarted, idle connection closed) is retried once on a fresh one.
 * Timeouts are not retried: the caller's poll must stay bounded by the timeout.
 *
 * <p>Credentials are sent only for {@link #login}, {@link #instcmd} and {@link #forcedShutdown} (so for
 * {@link #killPower}); reading is anonymous.
 * The password never appears in logs or messages. Thread-safe: calls are serialized.
 */
public final class NutClient implements UpsMonitor {

    private static final Logger log = LoggerFactory.getLogger(NutClient.class);
    static final String SHUTDOWN_RETURN = "shutdown.return";
    static final String SHUTDOWN_DELAY = "ups.delay.shutdown";

    private final NutSettings settings;
    private Socket socket;
    private BufferedReader in;
    private BufferedWriter out;
    private boolean authenticated;
    private final Set<String> loggedIn = new HashSet<>();

    public NutClient(NutSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public UpsTarget target() {
        return settings.target();
    }

    @Override
    public synchronized UpsReading read() {
        UpsTarget target = settings.target();
        Map<String, String> vars = listVars(target.ups());
        return NutProtocol.reading(target, vars, Instant.now());
    }

    /** {@code GET VAR <ups> ups.delay.shutdown}; empty when the UPS does not report it. */
    @Override
    public synchronized Optional<Duration> shutdownDelay() {
        String ups = settings.target().ups();
        String value;
        try {
            value = getVar(ups, SHUTDOWN_DELAY);
        } catch (NutException e) {
            if ("VAR-NOT-SUPPORTED".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.round(Double.parseDouble(value.strip()))));
        } catch (NumberFormatException e) {
            throw new NutException("UPS variable " + SHUTDOWN_DELAY + " is not a number", at(ups).toString(),
                    SHUTDOWN_DELAY + " \"" + value + "\"", "the driver reports a value Hecate cannot use; check 'upsc "
                    + at(ups) + " " + SHUTDOWN_DELAY + "'");
        }
    }

    /**
     * {@code INSTCMD <ups> shutdown.return} after USERNAME/PASSWORD; when the driver answers
     * {@code ERR CMD-NOT-SUPPORTED}, LOGIN and FSD instead, as NUT does when a UPS cannot be told to return.
     */
    @Override
    public synchronized KillPower killPower() {
        String ups = settings.target().ups();
        try {
            instcmd(ups, SHUTDOWN_RETURN);
            log.warn("nut: {} accepted INSTCMD {}: it cuts the load and restores it on mains return", at(ups), SHUTDOWN_RETURN);
            return KillPower.SHUTDOWN_RETURN;
        } catch (NutException e) {
            if (!"CMD-NOT-SUPPORTED".equals(e.errorCode())) {
                throw e;
            }
            log.warn("nut: {} does not support INSTCMD {}: setting FSD instead", at(ups), SHUTDOWN_RETURN);
        }
        forcedShutdown();
        return KillPower.FSD;
    }

    /**
     * {@code INSTCMD <ups> <command>} after USERNAME/PASSWORD (once per connection, when credentials are set).
     * upsd answers {@code OK}, or {@code OK TRACKING <id>} when the connection turned tracking on.
     */
    public synchronized void instcmd(String ups, String command) {
        String request = NutProtocol.command("INSTCMD", ups, command);
        call(ups, request, () -> {
            doAuthenticate(ups);
            String line = exchange(request, request);
            if (NutProtocol.isError(line)) {
                throw NutProtocol.error(at(ups), request, line);
            }
            if (!line.equals("OK") && !line.startsWith("OK TRACKING ")) {
                throw NutProtocol.malformed(at(ups), request, "'OK' or 'OK TRACKING <id>'", line);
            }
            return null;
        });
    }

    /** LOGIN (when credentials are set) then FSD on the configured UPS. */
    @Override
    public synchronized void forcedShutdown() {
        String ups = settings.target().ups();
        call(ups, "FSD " + ups, () -> {
            if (settings.hasCredentials()) {
                doLogin(ups);
            }
            doFsd(ups);
            return null;
        });
        log.warn("nut: FSD set on {}", at(ups));
    }

    /** {@code LIST VAR <ups>}: every variable upsd holds for the UPS, in reply order. */
    public synchronized Map<String, String> listVars(String ups) {
        return call(ups, "LIST VAR " + ups, () -> doListVars(ups));
    }

    /** {@code GET VAR <ups> <var>}: one variable's value. */
    public synchronized String getVar(String ups, String var) {
        return call(ups, "GET VAR " + ups + " " + var, () -> doGetVar(ups, var));
    }

    /**
     * {@code USERNAME}/{@code PASSWORD} (once per connection, when credentials are set) then
     * {@code LOGIN <ups>}, which registers Hecate with upsd like an upsmon secondary.
     */
    public synchronized void login(String ups) {
        call(ups, "LOGIN " + ups, () -> {
            doLogin(ups);
            return null;
        });
    }

    /** {@code FSD <ups>} alone, on whatever this connection is already authenticated as. */
    public synchronized void fsd(String ups) {
        call(ups, "FSD " + ups, () -> {
            doFsd(ups);
            return null;
        });
    }

    @Override
    public synchronized void close() {
        if (socket != null && !socket.isClosed()) {
            try {
                out.write("LOGOUT\n");
                out.flush();
            } catch (IOException e) {
                log.debug("nut: LOGOUT to {} failed: {}", settings.target(), e.toString());
            }
        }
        disconnect();
    }

    private interface Exchange<T> {
        T run() throws IOException;
    }

    /** One exchange; a connection kept from an earlier call that turns out broken is replaced once. */
    private <T> T call(String ups, String shownRequest, Exchange<T> exchange) {
        boolean mayReconnect = socket != null;
        while (true) {
            try {
                connect(ups);
                return exchange.run();
            } catch (SocketTimeoutException e) {
                disconnect();
                throw timeout(ups, shownRequest, e);
            } catch (IOException e) {
                disconnect();
                if (!mayReconnect) {
                    throw lost(ups, shownRequest, e);
                }
                mayReconnect = false;
                log.info("nut: connection to {} broke ({}), reconnecting", settings.target(), e.toString());
            } catch (NutException e) {
                if (e.errorCode() == null) {
                    // A malformed reply leaves the stream out of step: start the next call afresh.
                    disconnect();
                }
                throw e;
            }
        }
    }

    private void connect(String ups) throws IOException {
        if (socket != null) {
            return;
        }
        UpsTarget target = settings.target();
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        Socket fresh = new Socket();
        try {
            fresh.connect(new InetSocketAddress(target.host(), target.port()), timeoutMillis);
            if (connectedToItself(fresh)) {
                // Nothing listens on a local port from the ephemeral range and the kernel paired the socket
                // with itself (TCP simultaneous open): no upsd is there.
                throw new ConnectException("connected to itself on port " + fresh.getLocalPort() + ": nothing listens there");
            }
            fresh.setSoTimeout(timeoutMillis);
            fresh.setTcpNoDelay(true);
        } catch (ConnectException e) {
            fresh.close();
            throw new NutException("cannot connect to upsd at " + target.host() + ":" + target.port(),
                    at(ups).toString(), e.getMessage(), "is upsd running and listening there? check 'LISTEN' in upsd.conf,"
                    + " the firewall, and ups.target in hecate.yaml", e);
        } catch (UnknownHostException e) {
            fresh.close();
            throw new NutException("cannot resolve upsd host " + target.host(), at(ups).toString(), e.getMessage(),
                    "check the host part of ups.target in hecate.yaml and DNS", e);
        } catch (SocketTimeoutException e) {
            fresh.close();
            throw new NutException("connecting to upsd at " + target.host() + ":" + target.port()
                    + " timed out after " + settings.timeout(), at(ups).toString(), e.getMessage(),
                    "the host is unreachable or a firewall drops packets to port " + target.port(), e);
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
        socket = fresh;
        in = new BufferedReader(new InputStreamReader(fresh.getInputStream(), StandardCharsets.UTF_8));
        out = new BufferedWriter(new OutputStreamWriter(fresh.getOutputStream(), StandardCharsets.UTF_8));
        authenticated = false;
        loggedIn.clear();
        log.debug("nut: connected to {}", target);
    }

    static boolean connectedToItself(Socket socket) {
        return socket.getLocalPort() == socket.getPort() && socket.getLocalAddress().equals(socket.getInetAddress());
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("nut: closing connection to {} failed: {}", settings.target(), e.toString());
            }
        }
        socket = null;
        in = null;
        out = null;
        authenticated = false;
        loggedIn.clear();
    }

    private Map<String, String> doListVars(String ups) throws IOException {
        String request = NutProtocol.command("LIST", "VAR", ups);
        String first = exchange(request, request);
        if (NutProtocol.isError(first)) {
            throw NutProtocol.error(at(ups), request, first);
        }
        String begin = "BEGIN LIST VAR " + ups;
        if (!List.of("BEGIN", "LIST", "VAR", ups).equals(words(ups, request, first))) {
            throw NutProtocol.malformed(at(ups), request, "'" + begin + "'", first);
        }
        Map<String, String> vars = new LinkedHashMap<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw NutProtocol.malformed(at(ups), request, "'END LIST VAR " + ups + "' after "
                        + vars.size() + " variables", null);
            }
            List<String> words = words(ups, request, line);
            if (words.equals(List.of("END", "LIST", "VAR", ups))) {
                return vars;
            }
            if (words.size() != 4 || !words.get(0).equals("VAR") || !words.get(1).equals(ups)) {
                throw NutProtocol.malformed(at(ups), request, "'VAR " + ups + " <name> \"<value>\"'", line);
            }
            vars.put(words.get(2), words.get(3));
        }
    }

    private String doGetVar(String ups, String var) throws IOException {
        String request = NutProtocol.command("GET", "VAR", ups, var);
        String line = exchange(request, request);
        if (NutProtocol.isError(line)) {
            throw NutProtocol.error(at(ups), request, line);
        }
        List<String> words = words(ups, request, line);
        if (words.size() != 4 || !words.subList(0, 3).equals(List.of("VAR", ups, var))) {
            throw NutProtocol.malformed(at(ups), request, "'VAR " + ups + " " + var + " \"<value>\"'", line);
        }
        return words.get(3);
    }

    private void doAuthenticate(String ups) throws IOException {
        if (settings.hasCredentials() && !authenticated) {
            String user = NutProtocol.command("USERNAME", settings.username());
            expectOk(ups, exchange(user, user), user);
            String shown = "PASSWORD ****";
            expectOk(ups, exchange(NutProtocol.command("PASSWORD", settings.password()), shown), shown);
            authenticated = true;
        }
    }

    private void doLogin(String ups) throws IOException {
        doAuthenticate(ups);
        if (loggedIn.contains(ups)) {
            return;
        }
        String request = NutProtocol.command("LOGIN", ups);
        String line = exchange(request, request);
        if (!line.equals("OK") && !line.equals("ERR ALREADY-LOGGED-IN")) {
            expectOk(ups, line, request);
        }
        loggedIn.add(ups);
    }

    private void doFsd(String ups) throws IOException {
        String request = NutProtocol.command("FSD", ups);
        String line = exchange(request, request);
        if (NutProtocol.isError(line)) {
            throw NutProtocol.error(at(ups), request, line);
        }
        if (!line.equals("OK FSD-SET")) {
            throw NutProtocol.malformed(at(ups), request, "'OK FSD-SET'", line);
        }
    }

    private void expectOk(String ups, String line, String shownRequest) {
        if (NutProtocol.isError(line)) {
            throw NutProtocol.error(at(ups), shownRequest, line);
        }
        if (!line.equals("OK")) {
            throw NutProtocol.malformed(at(ups), shownRequest, "'OK'", line);
        }
    }

    /** Sends one line and reads the first reply line; {@code shown} is what logs may say was sent. */
    private String exchange(String line, String shown) throws IOException {
        log.trace("nut: {} <- {}", settings.target(), shown);
        out.write(line);
        out.write('\n');
        out.flush();
        String reply = in.readLine();
        if (reply == null) {
            throw new IOException("upsd closed the connection");
        }
        log.trace("nut: {} -> {}", settings.target(), reply);
        return reply;
    }

    private List<String> words(String ups, String request, String line) {
        try {
            return NutProtocol.words(line);
        } catch (IllegalArgumentException e) {
            throw NutProtocol.malformed(at(ups), request, "a well-quoted line (" + e.getMessage() + ")", line);
        }
    }

    private UpsTarget at(String ups) {
        UpsTarget target = settings.target();
        return ups.equals(target.ups()) ? target : new UpsTarget(ups, target.host(), target.port());
    }

    private NutException timeout(String ups, String shownRequest, SocketTimeoutException e) {
        return new NutException("no reply to '" + shownRequest + "' within " + settings.timeout(), at(ups).toString(),
                e.getMessage(), "upsd is overloaded or hung, or the network drops packets; check upsd's log", e);
    }

    private NutException lost(String ups, String shownRequest, IOException e) {
        return new NutException("connection to upsd lost during '" + shownRequest + "'", at(ups).toString(),
                e.toString(), "upsd restarted or closed the connection (MAXCONN, idle timeout); check upsd's log", e);
    }
}
