package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabSpec;
import io.hecate.engine.metrics.HecateMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hecate daemon} as systemd runs it: the packaged jar in its own JVM against the lab, scraped over
 * HTTP, then stopped with SIGTERM, which must close it in order and exit 0.
 */
class DaemonCommandIT {

    private static final Pattern METRICS_PORT = Pattern.compile("metrics on port (\\d+)");
    private static final Path JAR = Path.of("target", "hecate.jar");

    @TempDir
    Path dir;
    Lab lab;
    Process daemon;

    @BeforeEach
    void startLab() {
        lab = Lab.start(LabSpec.defaults(dir));
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.destroyForcibly();
        }
        lab.close();
    }

    @Test
    void servesEveryUpsMetricAndStopsCleanlyOnSigterm() throws Exception {
        Path stdout = dir.resolve("daemon.out");
        Path stderr = dir.resolve("daemon.err");
        Matcher port = startDaemon(stdout, stderr);

        Map<String, Double> metrics = Scrape.metrics(Integer.parseInt(port.group(1)));

        assertThat(metrics.keySet().stream().map(Scrape::name)).containsAll(HecateMetrics.METRIC_NAMES.stream()
                .filter(name -> !name.startsWith("hecate_runs") && !name.contains("run_duration") && !name.contains("stage_duration"))
                .toList());
        assertThat(metrics).containsEntry("hecate_ups_status{flag=\"OL\"}", 1.0).containsEntry("hecate_nut_reachable", 1.0);

        daemon.destroy();

        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).as(Files.readString(stderr)).isZero();
        assertThat(Files.readString(stdout)).endsWith("hecate daemon: stopping\n");
        assertThat(Files.readString(stderr)).contains("power watch: stopped after", "daemon: stopped").doesNotContain("ERROR");
        assertThat(CliRun.of("status", "--config", lab.configFile().toString()).out())
                .as("a daemon that stopped withdraws its address").contains("daemon    not running: no ").contains("daemon.address (nothing on this host");
    }

    @Test
    void statusAsksTheRunningDaemonAndReadsItselfOnceTheDaemonIsKilled() throws Exception {
        startDaemon(dir.resolve("daemon.out"), dir.resolve("daemon.err"));
        String config = lab.configFile().toString();

        CliRun text = CliRun.of("status", "--config", config);
        CliRun json = CliRun.of("status", "--json", "--config", config);

        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("daemon    running, pid " + daemon.pid() + "; the UPS as of its latest poll; run viewer http://")
                .contains("ups       " + lab.ups().target() + ": OL");
        assertThat(json.out()).contains("\"running\" : true", "\"pid\" : " + daemon.pid());

        daemon.destroyForcibly();
        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        CliRun after = CliRun.of("status", "--config", config);

        assertThat(after.exitCode()).isZero();
        assertThat(after.out()).contains("daemon    not running: pid " + daemon.pid() + " in ", " is gone (nothing on this host triggers")
                .contains("ups       " + lab.ups().target() + ": OL");
    }

    @Test
    void runsAndRunsShowAskTheRunningDaemonForWhatTheyPrintThemselvesOnceTheDaemonIsKilled() throws Exception {
        String config = lab.configFile().toString();
        String dryRun = CliRun.of("shutdown", "--config", config).out().lines()
                .filter(line -> line.startsWith("timeline: hecate runs show ")).findFirst().orElseThrow().split(" ")[4];
        List<List<String>> reads = List.of(List.of("runs"), List.of("runs", "--json"), List.of("runs", "show", dryRun),
                List.of("runs", "show", dryRun, "--json"), List.of("runs", "show", "nope"));
        Path stdout = dir.resolve("daemon.out");
        Path stderr = dir.resolve("daemon.err");
        startDaemon(stdout, stderr);
        // its warm-up rehearses on an engine of its own: asked once it is done, the history no longer changes
        await().atMost(Duration.ofSeconds(60)).until(() -> (Files.readString(stdout) + Files.readString(stderr)).contains("daemon: warm"));

        List<String> asked = reads.stream().map(args -> printed(args, config)).toList();
        daemon.destroyForcibly();
        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> read = reads.stream().map(args -> printed(args, config)).toList();

        assertThat(asked.get(0)).startsWith("exit 0\nRUN ").contains(dryRun + "  hecate-shutdown");
        assertThat(asked.get(1)).contains("\"run_id\" : \"" + dryRun + "\"");
        assertThat(asked.get(2)).contains("run " + dryRun + "  hecate-shutdown", "Set intent shutdown_complete");
        assertThat(asked.get(3)).contains("\"stages\" : [ {");
        assertThat(asked.get(4)).isEqualTo("exit 2\nhecate: error: no run nope in the history\n");
        assertThat(read).as("read from H2 without the daemon").isEqualTo(asked);
    }

    /**
     * A second daemon over the same state dir would act on the same outage: it refuses (exit 3) while the first answers.
     * One whose metrics address another process holds says which key to change (exit 2), not "this is a bug".
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a second daemon that does not refuse runs for ever
    void aSecondDaemonRefusesBesideTheFirstAndOneOnATakenAddressNamesTheKey() throws Exception {
        Matcher port = startDaemon(dir.resolve("daemon.out"), dir.resolve("daemon.err"));
        String config = Files.readString(lab.configFile());
        String taken = config.replace("metrics:\n  listen: 127.0.0.1:0", "metrics:\n  listen: 127.0.0.1:" + port.group(1))
                .replaceFirst("(?m)^state_dir: .*$", "state_dir: " + dir.resolve("other-state"));
        assertThat(taken).contains("listen: 127.0.0.1:" + port.group(1)).contains("other-state");
        Path takenConfig = Files.writeString(dir.resolve("taken.yaml"), taken);

        CliRun second = CliRun.of("daemon", "--config", lab.configFile().toString());
        CliRun onTaken = CliRun.of("daemon", "--config", takenConfig.toString());

        assertThat(second.exitCode()).as(second.err()).isEqualTo(3);
        assertThat(second.err()).contains("another hecate daemon (pid " + daemon.pid() + ", run viewer http://127.0.0.1:")
                .contains("already protects ", "two would both act on one outage");
        assertThat(onTaken.exitCode()).as(onTaken.err()).isEqualTo(2);
        assertThat(onTaken.err()).contains(takenConfig + ": metrics.listen \"127.0.0.1:" + port.group(1) + "\"", "Address already in use")
                .doesNotContain("this is a bug");
        assertThat(daemon.isAlive()).as("the first daemon goes on").isTrue();
    }

    private static String printed(List<String> args, String config) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--config", config));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        return "exit " + run.exitCode() + "\n" + run.err() + run.out();
    }

    private Matcher startDaemon(Path stdout, Path stderr) throws Exception {
        assertThat(JAR).as("the packaged jar (mvn package runs before the integration tests)").exists();
        daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "daemon", "--config", lab.configFile().toString())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        await().atMost(Duration.ofSeconds(30)).until(() -> METRICS_PORT.matcher(Files.readString(stdout)).find() || !daemon.isAlive());
        Matcher port = METRICS_PORT.matcher(Files.readString(stdout));
        assertThat(port.find()).as(Files.readString(stdout) + Files.readString(stderr)).isTrue();
        return port;
    }
}
