package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabNode;
import io.hecate.drills.lab.LabSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state dir on a full file system, for real: the packaged jar runs in a mount namespace of its own
 * ({@code unshare --mount}) over a small tmpfs mounted on the state dir, against the lab. The emergency shutdown
 * must still stop and power off every node (unrecorded, and saying so), from the CLI and from a daemon whose disk
 * filled while it ran; every other run is refused naming the state dir and why, touching no node.
 */
class FullStateDirIT {

    private static final Path JAR = Path.of("target", "hecate.jar");
    private static final Path OUTPUT = Path.of("target", "full-state-dir-it");
    /** Less than Camunda's schema needs: the engine's first boot fails part-way. */
    private static final String TOO_SMALL = "600k";
    /** Room for a daemon's boot, filled afterwards. */
    private static final String ROOM_TO_BOOT = "16m";
    /** The packaged jar, in a script of {@link #inNamespace} (args are words without spaces: temp paths). */
    private static final String HECATE = "\"$1\" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar " + JAR + " ";

    @TempDir
    Path dir;
    private Lab lab;
    private Path stateDir;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        assumeTrue(mountNamespaces(), "unshare --mount with a tmpfs is not permitted here");
        LabSpec spec = LabSpec.defaults(dir.resolve("lab"));
        lab = Lab.start(new LabSpec(spec.controlPlanes(), spec.workers(), Duration.ofMillis(200), spec.startDelay(),
                Duration.ofMillis(100), spec.snapshotDelay(), spec.workDir(), spec.k3sStartsAtBoot()));
        stateDir = Files.createDirectories(dir.resolve("state"));
        lab.configure("state_dir", stateDir.toString());
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theCliRefusesAGracefulShutdownAndRunsTheEmergencyOneUnrecorded() throws Exception {
        Path refused = output("graceful");
        Process graceful = onTmpfs(TOO_SMALL, refused, "shutdown", "--execute", "--config", lab.configFile().toString());
        assertThat(graceful.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(graceful.exitValue()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Files.readString(err(refused))).contains("state_dir " + stateDir + " cannot be written (No space left on device)")
                .doesNotContain("this is a bug").doesNotContain("ENGINE-03015").hasLineCount(1);
        assertThat(lab.nodes()).allMatch(LabNode::poweredOn);

        Path emergency = output("emergency");
        Process cli = onTmpfs(TOO_SMALL, emergency, "shutdown", "--emergency", "--execute", "--config", lab.configFile().toString());
        assertThat(cli.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(emergency);
        assertThat(cli.exitValue()).as(out + Files.readString(err(emergency))).isEqualTo(ExitCodes.OK);
        assertThat(out).contains("cannot be written (No space left on device): running UNRECORDED")
                .contains("succeeded").contains("timeline: none kept");
        assertThat(lab.nodes()).noneMatch(LabNode::poweredOn);
    }

    @Test
    void aDaemonWhoseDiskFilledRunsTheEmergencyShutdownUnrecordedAndRecordsAgainOnceSpaceIsFreed() throws Exception {
        Path out = output("daemon");
        Process daemon = onTmpfs(ROOM_TO_BOOT, out, "daemon", "--config", lab.configFile().toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("metrics on"));
        Process fill = inDaemonsNamespace(daemon, "dd", "if=/dev/zero", "of=" + stateDir.resolve("filler"), "bs=1M", "count=64");
        assertThat(fill.waitFor(30, TimeUnit.SECONDS)).isTrue();

        lab.ups().lowBattery();
        await().atMost(Duration.ofSeconds(60)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(err(out)).contains(": succeeded in "));
        assertThat(Files.readString(err(out))).contains("running the emergency shutdown UNRECORDED").contains("No space left on device");
        assertThat(daemon.isAlive()).isTrue();

        assertThat(inDaemonsNamespace(daemon, "rm", stateDir.resolve("filler").toString()).waitFor(30, TimeUnit.SECONDS)).isTrue();
        lab.powerOnAll();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(err(out)).contains("re-armed"));
        lab.ups().lowBattery();
        await().atMost(Duration.ofSeconds(60)).until(() -> lab.nodes().stream().noneMatch(LabNode::poweredOn));
        Process list = inDaemonsNamespace(daemon, Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toAbsolutePath().toString(), "runs", "--config", lab.configFile().toString());
        assertThat(new String(list.getInputStream().readAllBytes())).as("the second outage's run, recorded by the same daemon")
                .contains("hecate-emergency-shutdown");
        assertThat(Files.readString(err(out)).split("emergency shutdown UNRECORDED", -1)).hasSize(2);
    }

    private Process inDaemonsNamespace(Process daemon, String... command) throws IOException {
        List<String> all = new ArrayList<>(List.of("nsenter", "--target", String.valueOf(daemon.pid()), "--mount"));
        all.addAll(List.of(command));
        return new ProcessBuilder(all).redirectErrorStream(true).start();
    }

    /** A file system remounted read-only after an I/O error: as full, and the history still reads. */
    @Test
    void aReadOnlyStateDirStillReadsItsHistoryRefusesRunsAndRunsTheEmergencyShutdownUnrecorded() throws Exception {
        String config = " --config " + lab.configFile();
        Path out = output("read-only");
        Process shell = inNamespace(out, "mount -t tmpfs -o size=" + ROOM_TO_BOOT + " tmpfs \"$0\" || exit 9\n"
                + HECATE + "shutdown" + config + " > /dev/null || exit 8\n"
                + "mount -o remount,ro \"$0\" || exit 7\n"
                + HECATE + "runs" + config + "; echo \"runs exit $?\"\n"
                + HECATE + "shutdown" + config + "; echo \"dry run exit $?\"\n"
                + HECATE + "shutdown --emergency --execute" + config + "; echo \"emergency exit $?\"\n");
        assertThat(shell.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(out);
        assertThat(shell.exitValue()).as(said + Files.readString(err(out))).isZero();
        assertThat(said).containsPattern("hecate-shutdown +cli +full .* succeeded \\(dry run\\)\nruns exit 0")
                .contains("dry run exit 2").contains("cannot be written (Read-only file system): running UNRECORDED")
                .contains("emergency exit 0");
        assertThat(Files.readString(err(out))).contains("state_dir " + stateDir + " cannot be written (Read-only file system)");
        assertThat(lab.nodes()).noneMatch(LabNode::poweredOn);
    }

    /** The packaged jar in a mount namespace of its own, with a tmpfs of {@code size} on the state dir. */
    private Process onTmpfs(String size, Path stdout, String... args) throws IOException {
        return inNamespace(stdout, "mount -t tmpfs -o size=" + size + " tmpfs \"$0\" && exec " + HECATE + String.join(" ", args));
    }

    /** {@code script} run by sh in a mount namespace of its own; $0 is the state dir, $1 this JVM's java. */
    private Process inNamespace(Path stdout, String script) throws IOException {
        assertThat(JAR).as("the packaged jar (mvn package runs before the integration tests)").exists();
        Process process = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script, stateDir.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .redirectOutput(stdout.toFile()).redirectError(err(stdout).toFile()).start();
        processes.add(process);
        return process;
    }

    private static Path output(String name) throws IOException {
        return Files.createDirectories(OUTPUT).resolve(System.currentTimeMillis() + "-" + name + ".out");
    }

    private static Path err(Path stdout) {
        return stdout.resolveSibling(stdout.getFileName() + ".err");
    }

    private static boolean mountNamespaces() throws InterruptedException {
        try {
            return new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt")
                    .start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
