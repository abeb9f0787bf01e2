package io.hecate.drills.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A simulated Titan cluster in one JVM: nodes with real SSHDs, a mock Kubernetes API behind a gate that
 * follows etcd quorum, a NUT server for the UPS and Vault stubs, plus a ready Hecate config pointing at
 * all of it. Start with {@link #start(LabSpec)}, drive with {@link #faults()}, {@link #ups()} and
 * {@link #powerOnAll()}, read what happened from {@link #events()}.
 */
public final class Lab implements AutoCloseable {

    private static final int VAULT_PODS = 3;

    private final LabSpec spec;
    private final LabScheduler scheduler = new LabScheduler();
    private final ConcurrentLinkedQueue<LabEvent> events = new ConcurrentLinkedQueue<>();
    private final Map<String, LabNode> nodes = new LinkedHashMap<>();
    private final List<String> controlPlanes = new ArrayList<>();
    private final List<String> workers = new ArrayList<>();
    private final LabFaults faults = new LabFaults(this);
    private LabSshd sshd;
    private LabUps ups;
    private LabVault vault;
    private LabCluster cluster;
    private LabFiles files;
    private LabWake wake;

    private Lab(LabSpec spec) {
        this.spec = spec;
    }

    /** Everything up: nodes powered on, k3s running, API up, Vault unsealed, UPS on mains. */
    public static Lab start(LabSpec spec) {
        Lab lab = new Lab(spec);
        try {
            lab.boot();
            return lab;
        } catch (IOException e) {
            lab.close();
            throw new UncheckedIOException("lab: start failed: " + e.getMessage(), e);
        } catch (Exception e) {
            lab.close();
            throw new IllegalStateException("lab: start failed: " + e.getMessage(), e);
        }
    }

    private void boot() throws Exception {
        Files.createDirectories(spec.workDir());
        sshd = new LabSshd(scheduler);
        for (int i = 0; i < spec.controlPlanes(); i++) {
            controlPlanes.add(controlPlaneName(i));
        }
        for (int i = 0; i < spec.workers(); i++) {
            workers.add(workerName(i));
        }
        List<String> all = new ArrayList<>(controlPlanes);
        all.addAll(workers);
        inParallel(all, name -> {
            KeyPair hostKey = LabSshd.newKey();
            LabNode node = new LabNode(this, name, controlPlanes.contains(name), hostKey);
            synchronized (nodes) {
                nodes.put(name, node);
            }
            return null;
        });
        // Keep nodes() in name order whatever order the parallel boot finished in.
        Map<String, LabNode> ordered = new LinkedHashMap<>();
        all.forEach(name -> ordered.put(name, nodes.get(name)));
        nodes.clear();
        nodes.putAll(ordered);
        inParallel(all, name -> {
            nodes.get(name).bootInitially(true);
            return null;
        });
        wake = new LabWake(this, nodes.values());
        ups = new LabUps(this, scheduler.io());
        vault = new LabVault(this, VAULT_PODS, workers, scheduler.io());
        cluster = new LabCluster(this);
        cluster.seed(nodes(), workers, vault);
        cluster.updateGate();
        cluster.startController();
        files = new LabFiles(this);
        files.writeAll();
        record("lab", "started " + controlPlanes.size() + " servers and " + workers.size() + " agents");
    }

    interface NodeTask {
        Void run(String name) throws Exception;
    }

    /** SSHD binds and key generation for hundreds of nodes, a few at a time. */
    private void inParallel(List<String> names, NodeTask task) throws Exception {
        if (names.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, names.size()),
                LabScheduler.daemon("lab-boot"));
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (String name : names) {
                done.add(pool.submit(() -> task.run(name)));
            }
            for (Future<Void> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static String controlPlaneName(int index) {
        String suffix = index < 26 ? String.valueOf((char) ('a' + index))
                : "" + (char) ('a' + index / 26 - 1) + (char) ('a' + index % 26);
        return "titan-0" + suffix;
    }

    static String workerName(int index) {
        return String.format("titan-%02d", index + 4);
    }

    public LabSpec spec() {
        return spec;
    }

    /** `<workDir>/hecate.yaml`: a complete Hecate config for this lab. */
    public Path configFile() {
        return files.configFile();
    }

    /**
     * Changes one key of the written config, e.g. {@code configure("shutdown.emergency_budget_seconds", 3)};
     * Hecate sees it the next time it loads the file.
     */
    public void configure(String dottedKey, Object value) {
        try {
            files.configure(dottedKey, value);
        } catch (IOException e) {
            throw new UncheckedIOException("lab: cannot rewrite " + configFile() + ": " + e.getMessage(), e);
        }
    }

    /** `<workDir>/kubeconfig`: the API through the gate, as Hecate reaches it. */
    public Path kubeconfigFile() {
        return files.kubeconfigFile();
    }

    public Path identityFile() {
        return files.identityFile();
    }

    public Path knownHostsFile() {
        return files.knownHostsFile();
    }

    public Path bootstrapDir() {
        return files.bootstrapDir();
    }

    public LabNode node(String name) {
        LabNode node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("lab: no node " + name + "; nodes are " + nodes.keySet());
        }
        return node;
    }

    public List<LabNode> nodes() {
        return List.copyOf(nodes.values());
    }

    public List<String> controlPlanes() {
        return List.copyOf(controlPlanes);
    }

    public List<String> workers() {
        return List.copyOf(workers);
    }

    public LabUps ups() {
        return ups;
    }

    public LabVault vault() {
        return vault;
    }

    public LabFaults faults() {
        return faults;
    }

    /** Admin client straight to the mock server, bypassing the API gate: for assertions and drill setup. */
    public KubernetesClient kube() {
        return cluster.admin();
    }

    /** True while the API gate lets connections through. */
    public boolean apiUp() {
        return cluster.apiUp();
    }

    public int apiPort() {
        return cluster.gatePort();
    }

    public List<LabEvent> events() {
        return List.copyOf(events);
    }

    /** When the config's shutdown.poweroff_self_command (a script that only records) ran, oldest first. */
    public List<Instant> hostPoweroffs() {
        Path calls = files.poweroffSelfCalls();
        if (!Files.exists(calls)) {
            return List.of();
        }
        try {
            return Files.readAllLines(calls).stream().map(String::strip).filter(line -> !line.isEmpty()).map(line -> {
                String[] parts = line.split("\\.");
                return Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("lab: cannot read " + calls + ": " + e.getMessage(), e);
        }
    }

    /** Mains are back: every powered-off node boots (SSHD up again) and Vault comes up sealed. */
    public void powerOnAll() {
        ups.onMains();
        bootPoweredOff();
    }

    /** Every powered-off node boots (the UPS restored its load), Vault pods come up sealed at new IPs and ports. */
    void bootPoweredOff() {
        try {
            inParallel(nodes.values().stream().filter(node -> !node.poweredOn()).map(LabNode::name).toList(),
                    name -> {
                        nodes.get(name).powerOn();
                        return null;
                    });
        } catch (Exception e) {
            throw new IllegalStateException("lab: power on failed: " + e.getMessage(), e);
        }
        try {
            vault.restartAll();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("lab: Vault restart failed: " + e.getMessage(), e);
        }
        cluster.vaultPodsMoved(vault);
        stateChanged();
    }

    // ---- for the lab's parts ----------------------------------------------------------------------------

    LabScheduler scheduler() {
        return scheduler;
    }

    LabSshd sshd() {
        return sshd;
    }

    void record(String node, String what) {
        events.add(new LabEvent(Instant.now(), node, what));
    }

    boolean apiShouldBeUp() {
        long running = controlPlanes.stream().filter(name -> nodes.get(name).k3sActive()).count();
        return !faults.apiNeverReturns() && running * 2 > controlPlanes.size();
    }

    void stateChanged() {
        if (vault != null) {
            nodes.values().stream().filter(node -> !node.poweredOn()).forEach(node -> vault.nodePoweredOff(node.name()));
        }
        if (cluster != null) {
            cluster.poke();
        }
    }

    void etcdRestored(LabNode restoredOn) {
        faults.etcdRestored();
        controlPlanes.stream().filter(name -> !name.equals(restoredOn.name()))
                .forEach(name -> nodes.get(name).requireRejoin());
        stateChanged();
    }

    @Override
    public void close() {
        List<Exception> failures = new ArrayList<>();
        closeQuietly(cluster, failures);
        nodes.values().forEach(LabNode::closeSshd);
        closeQuietly(sshd, failures);
        closeQuietly(ups, failures);
        closeQuietly(wake, failures);
        closeQuietly(vault, failures);
        scheduler.close();
        if (!failures.isEmpty()) {
            record("lab", "close: " + failures);
        }
    }

    private static void closeQuietly(AutoCloseable part, List<Exception> failures) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            failures.add(e);
        }
    }
}
