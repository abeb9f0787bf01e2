package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hecate.drills.lab.Lab;
import io.hecate.drills.lab.LabSpec;
import io.hecate.drills.run.EngineSession;
import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.power.Decision;
import io.hecate.engine.power.PowerState;
import io.hecate.engine.power.UpsSample;
import io.hecate.engine.runtime.HecateEngine;
import io.hecate.workflows.EmergencyRehearsal;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.WorkflowRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.deploy.cache.DeploymentCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonWarmUpIT {

    @TempDir
    Path dir;

    @Test
    void parsesEveryWorkflowRunsSshOnLoopbackAndRehearsesTheEmergencyTouchingNothingOfTheDaemon() throws Exception {
        try (Lab lab = Lab.start(LabSpec.defaults(dir)); EngineSession session = EngineSession.open(lab.configFile())) {
            DeploymentCache cache = ((ProcessEngineConfigurationImpl) session.engine().processEngine().getProcessEngineConfiguration())
                    .getDeploymentCache();
            // as a daemon finds it when the deployment was already there: nothing parsed yet
            cache.discardProcessDefinitionCache();
            int labEvents = lab.events().size();
            String intent = intent(session.config().intentFile());
            List<Path> rehearsalsBefore = rehearsalDirs();

            assertThat(new DaemonWarmUp(session.config(), session.engine()).run())
                    .hasValueSatisfying(done -> assertThat(done).contains("emergency shutdown rehearsed " + EmergencyRehearsal.RUNS + " times").endsWith("(last run: succeeded)"));

            assertThat(cache.getProcessDefinitionCache().size()).isEqualTo(session.engine().catalog().origins().size());
            // no node, API or UPS of the lab heard of it (its controller still readies what the lab started with); the
            // daemon's history and intent did not either
            assertThat(lab.events().subList(labEvents, lab.events().size())).filteredOn(e -> !e.node().equals("controller")).isEmpty();
            assertThat(session.history().runs(10)).isEmpty();
            assertThat(intent(session.config().intentFile())).isEqualTo(intent);
            assertThat(rehearsalDirs()).isEqualTo(rehearsalsBefore);
        }
    }

    @Test
    void onBatteryTheRehearsalGivesWayToTheOutage() throws Exception {
        try (Lab lab = Lab.start(LabSpec.defaults(dir)); EngineSession session = EngineSession.open(lab.configFile())) {
            DaemonWarmUp warmUp = new DaemonWarmUp(session.config(), session.engine());
            UpsSample onBattery = new UpsSample(Instant.now(), true, Set.of(UpsSample.ON_BATTERY), OptionalLong.of(600), null);
            warmUp.polled(onBattery, new Decision(PowerState.ON_BATTERY, false, "on battery", 60, OptionalLong.of(600), 0, false,
                    false, 2, onBattery.flags()));

            assertThat(warmUp.run()).hasValueSatisfying(done -> assertThat(done).endsWith("no rehearsal: the UPS is on battery"));
        }
    }

    @Test
    void theRehearsalIsTheWholeEmergencyShutdownAsADryRunAndRemovesWhatAKilledOneLeft() throws Exception {
        try (Lab lab = Lab.start(LabSpec.defaults(dir)); EngineSession session = EngineSession.open(lab.configFile())) {
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Path killed = Files.createDirectories(tmp.resolve("hecate-rehearsal-" + gone.pid() + "-left").resolve("engine"));
            Path living = Files.createDirectories(tmp.resolve("hecate-rehearsal-" + ProcessHandle.current().pid() + "-other"));

            RunRecord run = EmergencyRehearsal.play(session.config(), session.engine().catalog(), Duration.ofSeconds(30), () -> false)
                    .orElseThrow();

            // what a rehearsal killed with its process left is removed; a living process's rehearsal is not touched
            assertThat(killed.getParent()).doesNotExist();
            assertThat(living).exists();
            Files.delete(living);

            assertThat(run.workflow()).isEqualTo(HecateWorkflows.EMERGENCY_SHUTDOWN);
            assertThat(run.executed()).isFalse();
            assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
            assertThat(lab.events()).noneMatch(e -> e.what().startsWith("ran: "));
        }
    }

    @Test
    void aRehearsalThatGivesWayStopsBeforeItsNextRunAndRemovesItsDirectory() throws Exception {
        try (Lab lab = Lab.start(LabSpec.defaults(dir)); EngineSession session = EngineSession.open(lab.configFile())) {
            List<Path> before = rehearsalDirs();
            AtomicInteger asked = new AtomicInteger();
            List<Path> during = new ArrayList<>();

            // asked before the engine boots, before the first run, then before the second: it gives way there
            Optional<RunRecord> run = EmergencyRehearsal.play(session.config(), session.engine().catalog(), Duration.ofSeconds(30), () -> {
                if (asked.incrementAndGet() < 3) {
                    return false;
                }
                try {
                    during.addAll(rehearsalDirs());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return true;
            });

            assertThat(run).isEmpty();
            assertThat(asked).hasValue(3);
            assertThat(during).as("its directory while it ran").hasSize(before.size() + 1);
            assertThat(rehearsalDirs()).isEqualTo(before);
            assertThat(lab.events()).noneMatch(e -> e.what().startsWith("ran: "));
        }
    }

    @Test
    void aRehearsalRunThatDoesNotSucceedIsTheLast() throws Exception {
        // an operator's edit whose dry path ends failed
        Path edited = Files.createDirectories(dir.resolve("edited"));
        String bpmn;
        try (InputStream builtIn = HecateWorkflows.class.getResourceAsStream("/bpmn/hecate-emergency-shutdown.bpmn")) {
            bpmn = new String(builtIn.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(edited.resolve("hecate-emergency-shutdown.bpmn"), bpmn.replace(
                "<camunda:property name=\"outcome\" value=\"succeeded\" />", "<camunda:property name=\"outcome\" value=\"failed\" />"));
        try (Lab lab = Lab.start(LabSpec.defaults(dir.resolve("lab")))) {
            HecateConfig config = ConfigLoader.load(lab.configFile());
            try (HecateEngine engine = WorkflowRuntime.open(config, WorkflowRuntime.catalog(edited), Clock.systemUTC())) {
                AtomicInteger asked = new AtomicInteger();

                Optional<RunRecord> run = EmergencyRehearsal.play(config, engine.catalog(), Duration.ofSeconds(30),
                        () -> asked.incrementAndGet() < 0);

                assertThat(run).hasValueSatisfying(last -> assertThat(last.outcome()).isEqualTo(RunRecord.FAILED));
                // asked before the engine boots and before the first run, which failed: no second run
                assertThat(asked).hasValue(2);
                assertThat(new DaemonWarmUp(config, engine).run()).hasValueSatisfying(done -> assertThat(done)
                        .endsWith("the emergency shutdown's dry run in a throwaway state directory ended failed (Cluster down):"
                                + " rehearsal stopped"));
            }
        }
    }

    private static String intent(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "(none)";
    }

    private static List<Path> rehearsalDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            // this JVM's: a rehearsal removes those of processes gone (other tests kill daemons mid-warm-up)
            String ours = "hecate-rehearsal-" + ProcessHandle.current().pid() + "-";
            return dirs.filter(d -> d.getFileName().toString().startsWith(ours)).sorted().toList();
        }
    }
}
