package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hecate.engine.history.HistoryMove;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.runtime.EngineDatabase;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end on the example configuration: dry runs, history, errors and exit codes. */
class CommandLineIT {

    private static final Path EXAMPLE = Path.of("../configs/hecate.example.yaml");

    @TempDir
    Path dir;

    Path config;

    @BeforeEach
    void exampleConfigWithPrivateStateDir() throws IOException {
        config = dir.resolve("hecate.yaml");
        Files.writeString(config, Files.readString(EXAMPLE).replace("state_dir: /var/lib/hecate", "state_dir: " + dir.resolve("state")));
    }

    /** The run a command started, from its output; the command must have succeeded. */
    private static String runId(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        Matcher runId = Pattern.compile("run (\\d{8}-\\d{6}-[0-9a-f]{4})").matcher(run.out());
        assertThat(runId.find()).isTrue();
        return runId.group(1);
    }

    @Nested
    class Shutdown {

        @Test
        void dryRunPrintsEveryStageInOrderAndTouchesNothing() {
            CliRun run = CliRun.of("shutdown", "--config", config.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("dry run")
                    .containsSubsequence("start  Set intent shutting_down", "ok     Set intent shutting_down",
                            "start  Snapshot etcd", "start  Suspend Flux", "start  Cordon and drain workers",
                            "start  Stop k3s-agent on workers", "ssh titan-04: systemctl stop k3s-agent",
                            "start  Stop k3s on control planes", "ssh titan-0a: systemctl stop k3s",
                            "start  Power off nodes in order", "ssh titan-04: systemctl poweroff", "ssh titan-0a: systemctl poweroff",
                            "start  Set intent shutdown_complete", "succeeded");
            assertThat(dir.resolve("state/intent.json")).doesNotExist();
        }

        @Test
        void emergencyDryRunSkipsDrainAndSnapshotAndStopsEveryNodeAtOnce() {
            CliRun run = CliRun.of("shutdown", "--emergency", "--config", config.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("skipped: shutdown.emergency_skip_etcd_snapshot is true",
                            "skipped: shutdown.emergency_skip_drain is true")
                    // one stage stops and powers off; a dry run lists every stop, then the poweroffs in poweroff_order
                    .containsSubsequence("start  Stop k3s on every node, power each off as it stops",
                            "ssh titan-04: systemctl stop k3s-agent", "ssh titan-0a: systemctl stop k3s",
                            "ssh titan-04: systemctl poweroff", "ssh titan-0a: systemctl poweroff", "start  Set intent shutdown_complete");
        }

        @Test
        void recordsTheRunSoRunsListsItAndShowPrintsItsTimeline() {
            String runId = runId(CliRun.of("shutdown", "--config", config.toString()));

            CliRun runs = CliRun.of("runs", "--config", config.toString());
            CliRun show = CliRun.of("runs", "show", runId, "--config", config.toString());

            assertThat(runs.out()).contains(runId, "hecate-shutdown", "succeeded (dry run)");
            assertThat(show.exitCode()).isZero();
            assertThat(show.out()).containsSubsequence("Set intent shutting_down", "Stop k3s-agent on workers", "Set intent shutdown_complete");
            assertThat(CliRun.of("runs", "--json", "--config", config.toString()).out()).contains("\"run_id\" : \"" + runId + "\"");
        }

        @Test
        void everyReadCommandsJsonFollowsTheOneConvention() throws Exception {
            String runId = runId(CliRun.of("shutdown", "--config", config.toString()));
            ObjectMapper json = new ObjectMapper();

            JsonNode runs = json.readTree(CliRun.of("runs", "--json", "--config", config.toString()).out());
            JsonNode show = json.readTree(CliRun.of("runs", "show", runId, "--json", "--config", config.toString()).out());
            JsonNode status = json.readTree(CliRun.of("status", "--json", "--config", config.toString()).out());

            for (JsonNode output : List.of(runs, show, status)) {
                JsonConvention.assertFollows(output);
            }
            assertThat(show.at("/run/duration_seconds").isNumber()).isTrue();
            assertThat(show.at("/stages/0/outcome").asText()).isEqualTo("ok");
            assertThat(status.at("/last_runs/0/run_id").asText()).isEqualTo(runId);
            assertThat(status.at("/budgets/emergency/source").asText()).isEqualTo("config");
            assertThat(status.at("/budgets/emergency/seconds").isNumber()).isTrue();
        }

        @Test
        void aDryRunSaysWouldForWhatItDidNotDo() {
            CliRun shutdown = CliRun.of("shutdown", "--config", config.toString());

            assertThat(shutdown.out()).contains("would take an etcd snapshot on titan-0a", "would drain titan-04",
                    "kube: would drain node titan-04", "would ssh titan-04: systemctl stop k3s-agent")
                    .doesNotContain("snapshot taken", "drained titan-04", "pods evicted");
        }
    }

    @Nested
    class BadInput {

        @Test
        void badConfigExitsTwoNamingFileKeyAndValue() throws IOException {
            Files.writeString(config, Files.readString(config).replace("runtime_safety_factor: 1.25", "runtime_safety_factor: 0.8"));

            CliRun run = CliRun.of("shutdown", "--config", config.toString());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("hecate: error: ", config.toString(), "ups.runtime_safety_factor", "0.8");
        }

        /** A power loss that cut the history short: the reads say so (exit 2), the next run sets the file aside and goes on. */
        @Test
        void aHistoryCutShortIsNamedByTheReadsAndSetAsideByTheNextRun() throws IOException {
            runId(CliRun.of("shutdown", "--config", config.toString()));
            Path history = dir.resolve("state/engine/history.mv.db");
            try (FileChannel file = FileChannel.open(history, StandardOpenOption.WRITE)) {
                file.truncate(4096);
            }

            for (String read : List.of("runs", "status")) {
                CliRun run = CliRun.of(read, "--config", config.toString());
                assertThat(run.exitCode()).as(read).isEqualTo(2);
                assertThat(run.err()).as(read).contains(history.toString(), "cannot be read back (corrupt)", "sets it aside")
                        .doesNotContain("this is a bug");
            }
            String after = runId(CliRun.of("shutdown", "--config", config.toString()));

            try (Stream<Path> files = Files.list(history.getParent())) {
                assertThat(files.map(f -> f.getFileName().toString())).anyMatch(f -> f.startsWith("history.mv.db.corrupt-"));
            }
            CliRun runs = CliRun.of("runs", "--config", config.toString());
            assertThat(runs.exitCode()).as(runs.err()).isZero();
            assertThat(runs.out().lines().skip(1)).singleElement().asString().startsWith(after);
        }

        @Test
        void brokenBpmnOverrideExitsTwoBeforeAnythingRuns() throws IOException {
            Path overrides = Files.createDirectories(dir.resolve("bpmn"));
            Files.writeString(overrides.resolve("hecate-shutdown.bpmn"), "<definitions><process id=");
            Files.writeString(config, Files.readString(config).replace("dir: \"\"", "dir: " + overrides));

            CliRun run = CliRun.of("shutdown", "--config", config.toString());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("hecate-shutdown.bpmn", "not a valid BPMN file");
            assertThat(dir.resolve("state/engine")).doesNotExist();
        }

        @Test
        void unknownDelegateInOverrideIsRefusedNamingTheTask() throws IOException {
            Path overrides = Files.createDirectories(dir.resolve("bpmn"));
            CliRun.of("workflows", "export", dir.resolve("export").toString());
            Files.writeString(overrides.resolve("hecate-shutdown.bpmn"),
                    Files.readString(dir.resolve("export/hecate-shutdown.bpmn")).replace("${stopAgents}", "${stopAgentz}"));

            CliRun run = CliRun.of("workflows", "validate", overrides.toString());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("serviceTask StopAgents", "unknown delegate ${stopAgentz}");
        }

        @Test
        void unknownRunIdExitsTwo() {
            CliRun.of("shutdown", "--config", config.toString());

            CliRun run = CliRun.of("runs", "show", "nope", "--config", config.toString());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("no run nope");
        }

        @Test
        void unknownOptionExitsTwoWithHelpHint() {
            CliRun run = CliRun.of("shutdown", "--exekute");

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("Unknown option", "--help");
        }
    }

    /** A host whose history an earlier Hecate kept in Camunda's file, read and then moved by this version. */
    @Nested
    class Upgrade {

        @Test
        void theRunsOfAnEarlierVersionAreListedBeforeAndAfterTheFirstEngineBootMovesThem() throws Exception {
            String earlier = runId(CliRun.of("shutdown", "--config", config.toString()));
            keepHistoryInCamundasFileAsBefore();

            assertThat(CliRun.of("runs", "--config", config.toString()).out()).contains(earlier);
            assertThat(CliRun.of("status", "--json", "--config", config.toString()).out()).contains(earlier);
            assertThat(engineDir().resolve("history.mv.db")).as("a reader creates no file").doesNotExist();

            String later = runId(CliRun.of("shutdown", "--config", config.toString()));

            assertThat(engineDir().resolve("history.mv.db")).exists();
            assertThat(CliRun.of("runs", "--config", config.toString()).out()).contains(earlier, later);
            assertThat(CliRun.of("runs", "show", earlier, "--config", config.toString()).out()).contains("Set intent shutdown_complete");
        }

        /** The layout before the history had a file of its own: its tables in Camunda's file. */
        private void keepHistoryInCamundasFileAsBefore() throws IOException {
            JdbcConnectionPool history = EngineDatabase.historyPool(engineDir());
            try (RunHistory camundasFile = RunHistory.owning(EngineDatabase.enginePool(engineDir()))) {
                HistoryMove.move(history, camundasFile);
            } finally {
                history.dispose();
            }
            Files.delete(engineDir().resolve("history.mv.db"));
        }

        private Path engineDir() {
            return dir.resolve("state/engine");
        }
    }

    @Nested
    class Status {

        @Test
        void answersWithoutAnyRunRecordedAndShowsBudgetsFromConfig() {
            CliRun run = CliRun.of("status", "--config", config.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("normal (no intent file yet)", "emergency  180 s  (config, 0 samples)", "runs      none recorded yet");
            assertThat(dir.resolve("state/engine")).doesNotExist();
        }
    }

    @Nested
    class Config {

        @Test
        void checkListsEveryMistakeWithFileLineKeyValueAndFix() throws IOException {
            Files.writeString(config, Files.readString(config) + "bogus_key: 1\n");
            Files.writeString(config, Files.readString(config).replace("ssh_port: 22", "ssh_port: abc"));

            CliRun check = CliRun.of("config", "check", config.toString());

            assertThat(check.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(check.err()).containsPattern("2 mistakes:\n  .*hecate.yaml:\\d+: ssh_port must be a whole number, got \"abc\"")
                    .containsPattern("hecate.yaml:\\d+: unknown key bogus_key; remove it or correct its spelling");
        }

        @Test
        void migrateRewritesLegacyDefaultsAndCheckAcceptsTheResult() throws IOException {
            Path legacy = dir.resolve("legacy.yaml");
            Files.writeString(legacy, Files.readString(config)
                    .replace("runtime_safety_factor: 1.25        #", "runtime_safety_factor: 1.10        #")
                    .replace("estimated_shutdown_budget_seconds: 600", "default_budget_seconds: 300"));
            assertThat(CliRun.of("config", "check", legacy.toString()).exitCode()).isEqualTo(2);

            CliRun migrate = CliRun.of("config", "migrate", legacy.toString());

            assertThat(migrate.exitCode()).as(migrate.err()).isZero();
            assertThat(migrate.out()).contains("runtime_safety_factor: 1.10 -> ups.runtime_safety_factor: 1.25",
                    "default_budget_seconds: 300 -> shutdown.estimated_shutdown_budget_seconds: 300");
            assertThat(CliRun.of("config", "check", legacy.toString()).exitCode()).isZero();
        }
    }
}
