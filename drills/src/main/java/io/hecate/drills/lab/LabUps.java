package io.hecate.drills.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;

/**
 * The UPS as Hecate sees it through upsd: the subset of the NUT network protocol Hecate uses, answering
 * the way upsd 2.8 does (quoted values, BEGIN/END lists, ERR codes), with controls for drills. The
 * kill-power commands it accepts (INSTCMD, FSD) are kept in {@link #commands()}.
 */
public final class LabUps implements AutoCloseable {

    public static final String NAME = "pyrphoros";
    public static final String USERNAME = "hecate";
    public static final String PASSWORD = "lab-ups-secret";
    public static final String SHUTDOWN_RETURN = "shutdown.return";
    /** What the lab UPS reports as ups.delay.shutdown, in seconds. */
    public static final String SHUTDOWN_DELAY_SECONDS = "20";
    /**
     * How long the lab UPS waits before cutting its load after {@code shutdown.return}, and before restoring it once
     * mains are back: short for tests, where a real UPS takes ups.delay.shutdown and ups.delay.start.
     */
    public static final Duration LOAD_CYCLE_DELAY = Duration.ofSeconds(1);
    static final String VERSION = "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/";

    private final Lab lab;
    private final ExecutorService io;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Map<String, String> vars = new LinkedHashMap<>();
    private int port;
    private ServerSocket listener;
    private volatile boolean unreachable;
    private volatile boolean driverLost;
    private volatile boolean fsd;
    private volatile boolean shutdownReturnSupported = true;
    private volatile boolean loadCut;
    private final List<Command> commands = new CopyOnWriteArrayList<>();

    /** A command the UPS accepted, e.g. {@code INSTCMD shutdown.return} or {@code FSD}, from which NUT user. */
    public record Command(Instant at, String command, String user) {
    }

    LabUps(Lab lab, ExecutorService io) throws IOException {
        this.lab = lab;
        this.io = io;
        synchronized (vars) {
            vars.put("battery.charge", "100");
            vars.put("battery.runtime", "1800");
            vars.put("device.model", "Smart-UPS 1500");
            vars.put("ups.delay.shutdown", SHUTDOWN_DELAY_SECONDS);
            vars.put("ups.load", "23");
            vars.put("ups.status", "OL");
        }
        listen();
    }

    public int port() {
        return port;
    }

    /** `name@127.0.0.1:port`, as ups.target expects. */
    public String target() {
        return NAME + "@127.0.0.1:" + port;
    }

    public String status() {
        return var("ups.status");
    }

    public String var(String name) {
        synchronized (vars) {
            return vars.get(name);
        }
    }

    public boolean fsdReceived() {
        return fsd;
    }

    /** The accepted INSTCMD and FSD commands, oldest first. */
    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /** A driver without shutdown.return answers its INSTCMD with CMD-NOT-SUPPORTED, as dummy-ups does. */
    public void shutdownReturnSupported(boolean supported) {
        shutdownReturnSupported = supported;
        lab.record("ups", supported ? "driver supports shutdown.return" : "fault: driver has no shutdown.return");
    }

    public void onBattery() {
        set("ups.status", "OB DISCHRG");
    }

    public void onMains() {
        synchronized (vars) {
            vars.put("ups.status", "OL" + (Integer.parseInt(vars.get("battery.charge")) < 100 ? " CHRG" : ""));
        }
        lab.record("ups", "on mains");
        if (loadCut) {
            lab.scheduler().later(LOAD_CYCLE_DELAY, this::restoreLoad);
        }
    }

    /** True from the load cut after {@code shutdown.return} until mains restored it. */
    public boolean loadCut() {
        return loadCut;
    }

    /** shutdown.return: the UPS cuts its load after its delay, whatever the nodes do, and restores it on mains. */
    private void cutLoad() {
        loadCut = true;
        lab.record("ups", "load cut (shutdown.return)");
        lab.nodes().forEach(LabNode::powerOff);
        if (onMainsNow()) {
            lab.scheduler().later(LOAD_CYCLE_DELAY, this::restoreLoad);
        }
    }

    private void restoreLoad() {
        if (!loadCut || !onMainsNow()) {
            return;
        }
        loadCut = false;
        lab.record("ups", "load restored on mains: nodes with BIOS AC restore boot");
        lab.bootPoweredOff();
    }

    private boolean onMainsNow() {
        return status().startsWith("OL");
    }

    public void drainTo(int chargePercent, int runtimeSeconds) {
        synchronized (vars) {
            vars.put("battery.charge", Integer.toString(chargePercent));
            vars.put("battery.runtime", Integer.toString(runtimeSeconds));
        }
        lab.record("ups", "battery at " + chargePercent + "%, runtime " + runtimeSeconds + " s");
    }

    public void lowBattery() {
        synchronized (vars) {
            vars.put("battery.charge", "8");
            vars.put("battery.runtime", "60");
        }
        set("ups.status", "OB DISCHRG LB");
    }

    /** Status FSD alone, without OL or OB: what some drivers report once a primary set forced shutdown. */
    public void forcedShutdownOnly() {
        set("ups.status", "FSD");
    }

    public void driverLost(boolean lost) {
        driverLost = lost;
        lab.record("ups", lost ? "fault: driver not connected" : "fault cleared: driver connected");
    }

    /**
     * Cuts every session and resets every new connection until cleared, as a dead upsd host would. The
     * listener stays bound: other labs on this machine draw ports from the same range, and a port let go
     * could be taken by one of them, whose upsd would then answer for this one.
     */
    public void unreachable(boolean on) throws IOException {
        lab.record("ups", on ? "fault: upsd unreachable" : "fault cleared: upsd reachable");
        unreachable = on;
        if (on) {
            for (Socket client : clients) {
                reset(client);
            }
        }
    }

    private static void reset(Socket client) throws IOException {
        client.setSoLinger(true, 0);
        client.close();
    }

    private void set(String var, String value) {
        synchronized (vars) {
            vars.put(var, value);
        }
        lab.record("ups", var + " = " + value);
    }

    private synchronized void listen() throws IOException {
        // A port from below the ephemeral range (see LabPorts).
        ServerSocket socket = null;
        IOException last = null;
        for (int attempt = 0; attempt < 20 && socket == null; attempt++) {
            ServerSocket candidate = new ServerSocket();
            candidate.setReuseAddress(true);
            try {
                candidate.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        port == 0 ? LabPorts.next() : port), 50);
                socket = candidate;
            } catch (IOException e) {
                last = e;
                candidate.close();
            }
        }
        if (socket == null) {
            throw new IOException("lab: upsd could not bind 127.0.0.1:" + port, last);
        }
        port = socket.getLocalPort();
        listener = socket;
        ServerSocket accepting = socket;
        io.execute(() -> accept(accepting));
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                if (unreachable) {
                    reset(client);
                    continue;
                }
                clients.add(client);
                io.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Session session = new Session();
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = client.getOutputStream()) {
            String line;
            while ((line = in.readLine()) != null) {
                String reply = session.answer(line.trim());
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (session.loggedOut) {
                    return;
                }
            }
        } catch (IOException gone) {
            // Client closed or the UPS was made unreachable.
        } finally {
            clients.remove(client);
        }
    }

    /** Per-connection state, as upsd keeps it. */
    private final class Session {
        private String username;
        private String password;
        private boolean loggedOut;

        String answer(String line) {
            List<String> words = split(line);
            if (words.isEmpty()) {
                return "ERR UNKNOWN-COMMAND\n";
            }
            String verb = words.get(0).toUpperCase();
            return switch (verb) {
                case "VER" -> VERSION + "\n";
                case "LIST" -> list(words);
                case "GET" -> get(words);
                case "USERNAME" -> credentials(words, true);
                case "PASSWORD" -> credentials(words, false);
                case "LOGIN" -> login(words);
                case "FSD" -> fsd(words);
                case "INSTCMD" -> instcmd(words);
                case "LOGOUT" -> {
                    loggedOut = true;
                    yield "OK Goodbye\n";
                }
                default -> "ERR UNKNOWN-COMMAND\n";
            };
        }

        private String list(List<String> words) {
            if (words.size() == 2 && words.get(1).equalsIgnoreCase("UPS")) {
                return "BEGIN LIST UPS\nUPS " + NAME + " \"Titan rack UPS\"\nEND LIST UPS\n";
            }
            if (words.size() != 3 || !words.get(1).equalsIgnoreCase("VAR")) {
                return "ERR INVALID-ARGUMENT\n";
            }
            String ups = words.get(2);
            if (!NAME.equals(ups)) {
                return "ERR UNKNOWN-UPS\n";
            }
            if (driverLost) {
                return "ERR DRIVER-NOT-CONNECTED\n";
            }
            StringBuilder out = new StringBuilder("BEGIN LIST VAR " + NAME + "\n");
            synchronized (vars) {
                vars.forEach((k, v) -> out.append("VAR ").append(NAME).append(' ').append(k).append(' ')
                        .append(quote(v)).append('\n'));
            }
            return out.append("END LIST VAR ").append(NAME).append('\n').toString();
        }

        private String get(List<String> words) {
            if (words.size() != 4 || !words.get(1).equalsIgnoreCase("VAR")) {
                return "ERR INVALID-ARGUMENT\n";
            }
            if (!NAME.equals(words.get(2))) {
                return "ERR UNKNOWN-UPS\n";
            }
            if (driverLost) {
                return "ERR DRIVER-NOT-CONNECTED\n";
            }
            String value = var(words.get(3));
            return value == null ? "ERR VAR-NOT-SUPPORTED\n"
                    : "VAR " + NAME + " " + words.get(3) + " " + quote(value) + "\n";
        }

        private String credentials(List<String> words, boolean user) {
            if (words.size() != 2) {
                return "ERR INVALID-ARGUMENT\n";
            }
            if (user ? username != null : password != null) {
                return "ERR ALREADY-SET-" + (user ? "USERNAME" : "PASSWORD") + "\n";
            }
            if (user) {
                username = words.get(1);
            } else {
                password = words.get(1);
            }
            return "OK\n";
        }

        private String login(List<String> words) {
            if (words.size() != 2) {
                return "ERR INVALID-ARGUMENT\n";
            }
            if (!NAME.equals(words.get(1))) {
                return "ERR UNKNOWN-UPS\n";
            }
            return authorised() ? "OK\n" : "ERR ACCESS-DENIED\n";
        }

        private String fsd(List<String> words) {
            if (words.size() != 2) {
                return "ERR INVALID-ARGUMENT\n";
            }
            if (username == null) {
                return "ERR USERNAME-REQUIRED\n";
            }
            if (password == null) {
                return "ERR PASSWORD-REQUIRED\n";
            }
            if (!authorised()) {
                return "ERR ACCESS-DENIED\n";
            }
            if (!NAME.equals(words.get(1))) {
                return "ERR UNKNOWN-UPS\n";
            }
            fsd = true;
            commands.add(new Command(Instant.now(), "FSD", username));
            synchronized (vars) {
                String status = vars.get("ups.status");
                if (!status.contains("FSD")) {
                    vars.put("ups.status", "FSD " + status);
                }
            }
            lab.record("ups", "FSD received from " + username);
            return "OK FSD-SET\n";
        }

        /** In upsd's order: credentials given, UPS known, command supported, then the user's right to it. */
        private String instcmd(List<String> words) {
            if (words.size() != 3 && words.size() != 4) {
                return "ERR INVALID-ARGUMENT\n";
            }
            if (username == null) {
                return "ERR USERNAME-REQUIRED\n";
            }
            if (password == null) {
                return "ERR PASSWORD-REQUIRED\n";
            }
            if (!NAME.equals(words.get(1))) {
                return "ERR UNKNOWN-UPS\n";
            }
            String command = words.get(2);
            if (!SHUTDOWN_RETURN.equals(command) || !shutdownReturnSupported) {
                return "ERR CMD-NOT-SUPPORTED\n";
            }
            if (!authorised()) {
                return "ERR ACCESS-DENIED\n";
            }
            commands.add(new Command(Instant.now(), "INSTCMD " + command, username));
            lab.record("ups", "INSTCMD " + command + " received from " + username);
            lab.scheduler().later(LOAD_CYCLE_DELAY, LabUps.this::cutLoad);
            return "OK\n";
        }

        private boolean authorised() {
            return USERNAME.equals(username) && PASSWORD.equals(password);
        }
    }

    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Splits a NUT command line: words separated by spaces, "quoted strings" with backslash escapes. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    @Override
    public synchronized void close() throws IOException {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        for (Socket client : clients) {
            client.close();
        }
    }
}
