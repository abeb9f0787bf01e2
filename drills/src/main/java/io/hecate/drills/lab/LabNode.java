package io.hecate.drills.lab;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.sshd.server.SshServer;

/**
 * One fake Titan node: power, its k3s unit, etcd snapshots, the clock, and its own SSHD that answers the
 * commands Hecate sends. State changes happen after the spec's delays, as on a real host.
 */
public final class LabNode {

    static final String DB = "/var/lib/rancher/k3s/server/db";
    static final String SNAPSHOTS = DB + "/snapshots";
    static final String K3S_CONFIG = "/etc/rancher/k3s/config.yaml";
    private static final String SUDO = "sudo -n ";

    /** What a command printed and how it exited. */
    record Reply(int exit, String stdout, String stderr) {
        static Reply ok(String stdout) {
            return new Reply(0, stdout, "");
        }

        static Reply fail(int exit, String stderr) {
            return new Reply(exit, "", stderr);
        }
    }

    private final Lab lab;
    private final String name;
    private final boolean controlPlane;
    private final KeyPair hostKey;
    private int port;
    private SshServer sshd;

    private volatile boolean poweredOn;
    private volatile String mac;
    private volatile int wakePort;
    private volatile boolean serviceActive;
    private volatile boolean clockUnsynchronised;
    private volatile boolean unreachable;
    private volatile boolean sshHang;
    private volatile boolean stopHang;
    private volatile boolean dbMoved;
    private volatile boolean rejoinRequired;
    private volatile boolean etcdRestored;
    private volatile boolean externalDatastore;
    private final List<String> snapshots = new ArrayList<>();
    private final List<String> movedDbs = new ArrayList<>();

    LabNode(Lab lab, String name, boolean controlPlane, KeyPair hostKey) {
        this.lab = lab;
        this.name = name;
        this.controlPlane = controlPlane;
        this.hostKey = hostKey;
    }

    public String name() {
        return name;
    }

    public boolean controlPlane() {
        return controlPlane;
    }

    /** The systemd unit this node runs: k3s on servers, k3s-agent on agents. */
    public String unit() {
        return controlPlane ? "k3s" : "k3s-agent";
    }

    public synchronized int sshPort() {
        return port;
    }

    /** host:port as written to ssh_node_hosts. */
    public String sshAddress() {
        return "127.0.0.1:" + sshPort();
    }

    public boolean poweredOn() {
        return poweredOn;
    }

    /** The MAC its Wake-on-LAN listener answers to. */
    public String mac() {
        return mac;
    }

    /** The loopback UDP port its Wake-on-LAN listener receives magic packets on. */
    public int wakePort() {
        return wakePort;
    }

    void wakeOnLan(String mac, int port) {
        this.mac = mac;
        this.wakePort = port;
    }

    /** True when k3s (servers) or k3s-agent (agents) is running. */
    public boolean k3sActive() {
        return poweredOn && serviceActive;
    }

    public boolean clockSynchronised() {
        return !clockUnsynchronised;
    }

    /** True after `mv .../server/db ...` until k3s starts again with a fresh db. */
    public boolean dbMoved() {
        return dbMoved;
    }

    /** True on the server where `k3s server --cluster-reset --cluster-reset-restore-path=...` succeeded. */
    public boolean etcdRestored() {
        return etcdRestored;
    }

    public synchronized List<String> snapshots() {
        return List.copyOf(snapshots);
    }

    public synchronized List<String> movedDbs() {
        return List.copyOf(movedDbs);
    }

    KeyPair hostKey() {
        return hostKey;
    }

    // ---- power and SSHD -------------------------------------------------------------------------------

    /** Boots the node: SSHD listens (on the same port after the first boot), k3s per the spec. */
    void bootInitially(boolean k3sRunning) throws IOException {
        poweredOn = true;
        serviceActive = k3sRunning;
        openSshd();
    }

    void powerOn() throws IOException {
        if (poweredOn) {
            return;
        }
        poweredOn = true;
        serviceActive = lab.spec().k3sStartsAtBoot() && !rejoinRequired;
        lab.record(name, "powered on" + (serviceActive ? ", " + unit() + " started at boot" : ""));
        openSshd();
        lab.stateChanged();
    }

    void powerOff() {
        if (!poweredOn) {
            return;
        }
        poweredOn = false;
        serviceActive = false;
        closeSshd();
        lab.record(name, "powered off");
        lab.stateChanged();
    }

    void setUnreachable(boolean on) throws IOException {
        unreachable = on;
        lab.record(name, on ? "fault: SSH refuses connections" : "fault cleared: SSH accepts connections");
        if (on) {
            closeSshd();
        } else if (poweredOn) {
            openSshd();
        }
    }

    void setSshHang(boolean on) {
        sshHang = on;
        lab.record(name, on ? "fault: commands never answer" : "fault cleared: commands answer");
    }

    void setStopHang(boolean on) {
        stopHang = on;
        lab.record(name, on ? "fault: " + unit() + " stop never finishes" : "fault cleared: " + unit() + " stops");
    }

    void setExternalDatastore(boolean on) {
        externalDatastore = on;
        lab.record(name, on ? "k3s uses an external datastore (datastore-endpoint in " + K3S_CONFIG + ")"
                : "k3s uses embedded etcd");
    }

    void setClockUnsynchronised(boolean on) {
        clockUnsynchronised = on;
        lab.record(name, on ? "fault: clock not synchronised" : "fault cleared: clock synchronised");
    }

    private synchronized void openSshd() throws IOException {
        if (sshd != null || unreachable || !poweredOn) {
            return;
        }
        IOException last = null;
        boolean firstBoot = port == 0;
        for (int attempt = 0; attempt < 20; attempt++) {
            int tryPort = firstBoot ? LabPorts.next() : port;
            SshServer server = lab.sshd().newServer(this, tryPort);
            try {
                server.start();
                port = tryPort;
                sshd = server;
                return;
            } catch (IOException e) {
                last = e;
                server.stop(true);
                if (!firstBoot) {
                    sleepQuietly(Duration.ofMillis(50));
                }
            }
        }
        throw new IOException(name + ": SSHD could not bind 127.0.0.1:" + port, last);
    }

    synchronized void closeSshd() {
        if (sshd != null) {
            try {
                sshd.stop(true);
            } catch (IOException e) {
                lab.record(name, "SSHD stop failed: " + e.getMessage());
            }
            sshd = null;
        }
    }

    // ---- commands -------------------------------------------------------------------------------------

    CompletableFuture<Reply> execute(String raw) {
        String command = raw.trim();
        if (command.startsWith(SUDO)) {
            // A non-root login: the lab's sudoers allows everything Hecate sends.
            command = command.substring(SUDO.length()).trim();
            lab.record(name, "sudo -n for the next command");
        }
        lab.record(name, "ran: " + command);
        if (sshHang) {
            return new CompletableFuture<>();
        }
        List<String> words = shellWords(command);
        String joined = String.join(" ", words);
        if (words.size() == 3 && words.get(0).equals("systemctl") && !words.get(1).equals("cat")) {
            return systemctl(words.get(1), words.get(2));
        }
        switch (joined) {
            case "poweroff", "systemctl poweroff", "shutdown -h now", "shutdown -P now" -> {
                return poweroff();
            }
            case "chronyc -n tracking", "chronyc tracking" -> {
                return done(Reply.ok(chronyTracking()));
            }
            case "timedatectl show -p NTPSynchronized --value", "timedatectl show --property=NTPSynchronized --value" -> {
                return done(Reply.ok(clockUnsynchronised ? "no\n" : "yes\n"));
            }
            case "ls -1t " + SNAPSHOTS, "ls -1t " + SNAPSHOTS + "/" -> {
                return done(listSnapshots());
            }
            case "cat " + K3S_CONFIG -> {
                return done(k3sConfig());
            }
            case "systemctl cat k3s" -> {
                return done(k3sUnit());
            }
            default -> {
                // fall through to the commands with arguments
            }
        }
        if (words.size() == 5 && joined.startsWith("k3s etcd-snapshot save --name ")) {
            return snapshotSave(words.get(4));
        }
        if (words.size() == 4 && joined.startsWith("k3s server --cluster-reset --cluster-reset-restore-path=")) {
            return clusterReset(words.get(3).substring("--cluster-reset-restore-path=".length()));
        }
        if (words.size() == 3 && words.get(0).equals("mv") && words.get(1).equals(DB)
                && words.get(2).startsWith(DB + ".")) {
            return moveDb(words.get(2));
        }
        if (words.size() == 3 && words.get(0).equals("test") && words.get(1).equals("-f")) {
            return done(hasSnapshot(words.get(2)) ? Reply.ok("") : new Reply(1, "", ""));
        }
        return done(Reply.fail(127, "bash: " + words.get(0) + ": command not found\n"));
    }

    private CompletableFuture<Reply> systemctl(String verb, String unitArg) {
        String unit = unitArg.endsWith(".service") ? unitArg.substring(0, unitArg.length() - 8) : unitArg;
        boolean known = unit.equals(unit());
        if (verb.equals("is-active")) {
            return done(known && serviceActive ? Reply.ok("active\n") : new Reply(3, "inactive\n", ""));
        }
        if (!known) {
            return done(Reply.fail(5, "Failed to " + verb + " " + unit + ".service: Unit " + unit
                    + ".service not found.\n"));
        }
        return switch (verb) {
            case "start" -> startService(lab.spec().startDelay());
            case "stop" -> stopService();
            case "restart" -> stopService().thenCompose(stopped -> startService(lab.spec().startDelay()));
            default -> done(Reply.fail(1, "Unknown command verb " + verb + ".\n"));
        };
    }

    private CompletableFuture<Reply> startService(Duration delay) {
        if (serviceActive) {
            return done(Reply.ok(""));
        }
        return lab.scheduler().after(delay, () -> {
            if (rejoinRequired) {
                lab.record(name, unit() + " failed: etcd member of an old cluster, move the db away to rejoin");
                return Reply.fail(1, "Job for " + unit() + ".service failed because the control process exited"
                        + " with error code.\nSee \"systemctl status " + unit() + ".service\" and"
                        + " \"journalctl -xeu " + unit() + ".service\" for details.\n");
            }
            serviceActive = true;
            if (dbMoved) {
                dbMoved = false;
                lab.record(name, unit() + " started with a fresh db, rejoined the cluster");
            } else {
                lab.record(name, unit() + " started");
            }
            lab.stateChanged();
            return Reply.ok("");
        });
    }

    private CompletableFuture<Reply> stopService() {
        if (!serviceActive) {
            return done(Reply.ok(""));
        }
        if (stopHang) {
            return new CompletableFuture<>();
        }
        return lab.scheduler().after(lab.spec().stopDelay(), () -> {
            serviceActive = false;
            lab.record(name, unit() + " stopped");
            lab.stateChanged();
            return Reply.ok("");
        });
    }

    private CompletableFuture<Reply> poweroff() {
        lab.record(name, "powering off");
        lab.scheduler().later(lab.spec().poweroffDelay(), this::powerOff);
        return done(Reply.ok(""));
    }

    private CompletableFuture<Reply> snapshotSave(String snapshotName) {
        if (!controlPlane) {
            return done(Reply.fail(1, "FATA[0000] etcd datastore disabled on agents\n"));
        }
        if (!serviceActive) {
            return done(Reply.fail(1, "FATA[0000] etcd-snapshot: etcd is not running: k3s is stopped\n"));
        }
        return lab.scheduler().after(lab.spec().snapshotDelay(), () -> {
            String path = SNAPSHOTS + "/" + snapshotName + "-" + name + "-" + System.currentTimeMillis() / 1000;
            synchronized (this) {
                snapshots.add(path);
            }
            lab.record(name, "etcd snapshot saved " + path);
            return Reply.ok("INFO[0000] Saving etcd snapshot to " + path + "\n"
                    + "INFO[0001] Snapshot " + path.substring(SNAPSHOTS.length() + 1) + " saved.\n");
        });
    }

    private synchronized Reply listSnapshots() {
        if (dbMoved) {
            return Reply.fail(2, "ls: cannot access '" + SNAPSHOTS + "': No such file or directory\n");
        }
        StringBuilder out = new StringBuilder();
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            out.append(snapshots.get(i).substring(SNAPSHOTS.length() + 1)).append('\n');
        }
        return Reply.ok(out.toString());
    }

    private synchronized boolean hasSnapshot(String path) {
        return !dbMoved && snapshots.contains(path);
    }

    private Reply k3sConfig() {
        if (!controlPlane) {
            return Reply.ok("server: https://127.0.0.1:6443\ntoken-file: /etc/rancher/k3s/token\n");
        }
        return Reply.ok("write-kubeconfig-mode: \"0600\"\n" + (externalDatastore
                ? "datastore-endpoint: \"postgres://k3s:lab-secret@titan-db:5432/k3s\"\n" : "cluster-init: true\n"));
    }

    private Reply k3sUnit() {
        if (!controlPlane) {
            return Reply.fail(1, "No files found for k3s.service.\n");
        }
        return Reply.ok("# /etc/systemd/system/k3s.service\n[Unit]\nDescription=Lightweight Kubernetes\n\n[Service]\n"
                + "Type=notify\nEnvironmentFile=-/etc/systemd/system/k3s.service.env\n"
                + "ExecStart=/usr/local/bin/k3s \\\n    server\n");
    }

    /** Splits a command line as a POSIX shell does for the quoting Hecate uses: single quotes and backslashes. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                word.append(line, i + 1, close < 0 ? line.length() : close);
                i = close < 0 ? line.length() : close;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private CompletableFuture<Reply> clusterReset(String path) {
        if (!controlPlane) {
            return done(Reply.fail(1, "FATA[0000] --cluster-reset requires a server\n"));
        }
        if (serviceActive) {
            return done(Reply.fail(1, "FATA[0000] starting kubernetes: preparing server: etcd: cluster-reset"
                    + " while k3s is running: stop k3s first\n"));
        }
        if (!hasSnapshot(path)) {
            return done(Reply.fail(1, "FATA[0000] starting kubernetes: preparing server: etcd: snapshot path"
                    + " does not exist: " + path + "\n"));
        }
        return lab.scheduler().after(lab.spec().snapshotDelay(), () -> {
            etcdRestored = true;
            lab.etcdRestored(this);
            lab.record(name, "etcd restored from " + path);
            return Reply.ok("INFO[0001] Managed etcd cluster membership has been reset, restart without"
                    + " --cluster-reset flag now. Backup and delete ${datadir}/server/db on each peer etcd server"
                    + " and rejoin the nodes\n");
        });
    }

    /** Called on the other servers when one restored etcd: their old member data can no longer join. */
    void requireRejoin() {
        if (!dbMoved) {
            rejoinRequired = true;
        }
    }

    private CompletableFuture<Reply> moveDb(String target) {
        if (!controlPlane || dbMoved) {
            return done(Reply.fail(1, "mv: cannot stat '" + DB + "': No such file or directory\n"));
        }
        synchronized (this) {
            dbMoved = true;
            rejoinRequired = false;
            movedDbs.add(target);
            snapshots.clear();
        }
        lab.record(name, "db moved to " + target);
        return done(Reply.ok(""));
    }

    private String chronyTracking() {
        if (clockUnsynchronised) {
            return """
                    Reference ID    : 00000000 ()
                    Stratum         : 0
                    Ref time (UTC)  : Thu Jan 01 00:00:00 1970
                    System time     : 0.000000000 seconds fast of NTP time
                    Last offset     : +0.000000000 seconds
                    RMS offset      : 0.000000000 seconds
                    Frequency       : 0.000 ppm slow
                    Residual freq   : +0.000 ppm
                    Skew            : 0.000 ppm
                    Root delay      : 1.000000000 seconds
                    Root dispersion : 1.000000000 seconds
                    Update interval : 0.0 seconds
                    Leap status     : Not synchronised
                    """;
        }
        return """
                Reference ID    : C0A81601 (192.168.22.1)
                Stratum         : 3
                Ref time (UTC)  : %s
                System time     : 0.000012345 seconds fast of NTP time
                Last offset     : +0.000004567 seconds
                RMS offset      : 0.000023456 seconds
                Frequency       : 12.345 ppm slow
                Residual freq   : +0.001 ppm
                Skew            : 0.023 ppm
                Root delay      : 0.012345678 seconds
                Root dispersion : 0.000456789 seconds
                Update interval : 64.2 seconds
                Leap status     : Normal
                """.formatted(java.time.format.DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy",
                java.util.Locale.ROOT).format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)));
    }

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + (controlPlane ? " (server)" : " (agent)") + (poweredOn ? " on" : " off")
                + (serviceActive ? ", " + unit() + " active" : "");
    }
}
