package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.StageRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HecateEngineIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    static RunRecord awaitEnd(RunHistory history, String runId) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> history.run(runId).orElse(null), run -> run != null && !run.running());
    }

    /** One engine for the run tests: booting Camunda costs seconds on a shared machine. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Runs {

        final TestEngines fixture = new TestEngines();
        Path stateDir;
        HecateEngine engine;

        @BeforeAll
        void boot() throws IOException {
            stateDir = Files.createTempDirectory("hecate-engine-it");
            long before = System.nanoTime();
            engine = HecateEngine.start(fixture.settings(stateDir, null));
            System.out.printf("engine boot (in this JVM, new database): %d ms%n", (System.nanoTime() - before) / 1_000_000);
            engine.startJobExecutor();
        }

        @AfterAll
        void close() {
            engine.close();
        }

        @Test
        void insertsThroughTheEntityManagerThatDescribesOnlyARefusedEntity() {
            ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.processEngine().getProcessEngineConfiguration();

            assertThat(configuration.getSessionFactories().get(DbEntityManager.class)).isInstanceOf(LeanEntityManagerFactory.class);
        }

        @Test
        void runsATimerWorkflowToSuccessAndRecordsItsStagesInOrder() {
            String instance = engine.start(TestEngines.RUN, TestEngines.variables("run-ok"));

            RunRecord run = awaitEnd(engine.history(), "run-ok");

            assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
            assertThat(run.workflow()).isEqualTo(TestEngines.RUN);
            assertThat(run.trigger()).isEqualTo("cli");
            assertThat(run.mode()).isEqualTo("full");
            assertThat(run.executed()).isTrue();
            assertThat(run.processInstanceId()).isEqualTo(instance);
            assertThat(run.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            List<StageRecord> stages = engine.history().stages("run-ok");
            assertThat(stages).extracting(StageRecord::stage).containsExactly("RecordStep", "AfterWait");
            assertThat(stages).extracting(StageRecord::name).containsExactly("Record step", "After wait");
            assertThat(stages).allSatisfy(stage -> {
                assertThat(stage.ended()).isNotNull();
                assertThat(stage.outcome()).isEqualTo("ok");
            });
            assertThat(stages.get(0).ended()).isBeforeOrEqualTo(stages.get(1).started());
            assertThat(stages.get(1).started()).isAfterOrEqualTo(stages.get(0).ended().plusMillis(900))
                    // the job executor sleeps until the timer is due, not its longest sleep
                    .isBefore(stages.get(0).ended().plusMillis(1000 + NextDueJobExecutor.MAX_SLEEP_MILLIS / 2));
            assertThat(run.ended()).isAfterOrEqualTo(stages.get(1).ended());
        }

        @Test
        void anIdleJobExecutorDoesNotPoll() throws Exception {
            // it looks when it is told, or after its longest sleep: a 100 ms poll looked 20 times
            assertThat(acquisitionsWhile(() -> Thread.sleep(2_000))).isLessThanOrEqualTo(1);
        }

        @Test
        void aRunIsAcquiredOnceForEachTimeItsJobsAreDue() throws Exception {
            long acquisitions = acquisitionsWhile(() -> {
                engine.start(TestEngines.RUN, TestEngines.variables("run-acquired"));
                awaitEnd(engine.history(), "run-acquired");
                Thread.sleep(500);
            });

            // told of the timer at the start (not due yet), the timer due, and a look once its job ran; Camunda's loop
            // looked once more at once after each hint, for nothing (5)
            assertThat(acquisitions).isLessThanOrEqualTo(3);
        }

        /** How many times the job executor's acquisition query ran while {@code action} did, from an idle executor. */
        private long acquisitionsWhile(Action action) throws Exception {
            await().atMost(RUN_TIMEOUT).until(() -> engine.processEngine().getManagementService().createJobQuery().count() == 0);
            DataSource database = ((ProcessEngineConfigurationImpl) engine.processEngine().getProcessEngineConfiguration()).getDataSource();
            try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SET QUERY_STATISTICS TRUE");
                try {
                    long before = acquisitions(statement);
                    action.run();
                    return acquisitions(statement) - before;
                } finally {
                    statement.execute("SET QUERY_STATISTICS FALSE");
                }
            }
        }

        /** How many times the job executor's acquisition query ran since query statistics were on. */
        private long acquisitions(Statement statement) throws SQLException {
            try (ResultSet rows = statement.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
                long count = 0;
                while (rows.next()) {
                    String sql = rows.getString(1).strip();
                    if (sql.regionMatches(true, 0, "select", 0, 6) && sql.contains("LOCK_EXP_TIME_") && sql.contains("DUEDATE_")) {
                        count += rows.getLong(2);
                    }
                }
                return count;
            }
        }

        @Test
        void anEndEventDeclaringOutcomeFailedFailsTheRunWithItsName() {
            engine.start(TestEngines.FAILED_END, TestEngines.variables("run-failed-end"));

            RunRecord run = awaitEnd(engine.history(), "run-failed-end");

            assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            assertThat(run.detail()).isEqualTo("Nodes unreachable");
        }

        @Test
        void anErrorEndEventFailsTheRun() {
            engine.start(TestEngines.ERROR_END, TestEngines.variables("run-error-end"));

            RunRecord run = awaitEnd(engine.history(), "run-error-end");

            assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            assertThat(run.detail()).isEqualTo("API gone");
        }

        @Test
        void aThrowingDelegateFailsTheRunAndEndsItsProcessInstance() {
            String instance = engine.start(TestEngines.INCIDENT, TestEngines.variables("run-incident"));

            RunRecord run = awaitEnd(engine.history(), "run-incident");

            assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            assertThat(run.detail()).isEqualTo("Breaks: the step broke on purpose");
            awaitGone(instance);
        }

        @Test
        void aTransientApiFailureIsRetriedOnTheCycleOfTheBpmnThenSucceeds() {
            fixture.apiAnswers.put("run-retried", List.of(503, 503));
            String instance = engine.start(TestEngines.RETRIED, TestEngines.variables("run-retried"));

            RunRecord run = awaitEnd(engine.history(), "run-retried");

            assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
            assertThat(fixture.attempts.get("run-retried")).hasValue(3);
            // R3/PT1S: three attempts, a second apart (the job executor wakes when a job fails, for its retry)
            assertThat(run.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(1900))
                    .isLessThan(Duration.ofMillis(2000 + NextDueJobExecutor.MAX_SLEEP_MILLIS / 2));
            List<StageRecord> stages = engine.history().stages("run-retried");
            assertThat(stages).extracting(StageRecord::stage, StageRecord::outcome).containsExactly(tuple("CallApi", "ok"));
            awaitGone(instance);
        }

        @Test
        void aFailureThatOutlastsTheCycleFailsTheRunWithItsMessageAndLeavesNoInstanceNorJob() {
            fixture.apiAnswers.put("run-spent", List.of(503, 503, 503, 503));
            String instance = engine.start(TestEngines.RETRIED, TestEngines.variables("run-spent"));

            RunRecord run = awaitEnd(engine.history(), "run-spent");

            assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            assertThat(run.detail()).isEqualTo("CallApi: GitRepository flux-system/flux-system: cannot patch (saw: HTTP 503);"
                    + " hint: the API server failed");
            awaitGone(instance);
            assertThat(fixture.attempts.get("run-spent")).hasValue(3);
            assertThat(engine.history().stages("run-spent")).singleElement().satisfies(stage -> {
                assertThat(stage.outcome()).isEqualTo(RunRecord.FAILED);
                assertThat(stage.ended()).isNotNull();
                assertThat(stage.detail()).contains("HTTP 503");
            });
        }

        @Test
        void aRefusedRequestIsNotRetried() {
            fixture.apiAnswers.put("run-refused", List.of(403, 503));
            String instance = engine.start(TestEngines.RETRIED, TestEngines.variables("run-refused"));

            RunRecord run = awaitEnd(engine.history(), "run-refused");

            assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            assertThat(run.detail()).startsWith("CallApi: ").contains("HTTP 403");
            awaitGone(instance);
            assertThat(fixture.attempts.get("run-refused")).hasValue(1);
        }

        /** The failed run's instance is deleted once its incident committed: no execution, job or incident is left. */
        private void awaitGone(String instance) {
            var runtime = engine.processEngine().getRuntimeService();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).count()).isZero();
                assertThat(engine.processEngine().getManagementService().createJobQuery().processInstanceId(instance)
                        .count()).isZero();
                assertThat(runtime.createIncidentQuery().processInstanceId(instance).count()).isZero();
            });
        }

        @Test
        void aDelegateFailingWhileStartingLeavesNoRunningRun() {
            assertThatThrownBy(() -> engine.start(TestEngines.FAILS_AT_START, TestEngines.variables("run-fails-at-start")))
                    .hasMessageContaining("the step broke on purpose");

            assertThat(engine.history().run("run-fails-at-start")).hasValueSatisfying(run -> {
                assertThat(run.running()).isFalse();
                assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            });
        }

        @Test
        void refusesAStartWithoutRunId() {
            assertThatThrownBy(() -> engine.start(TestEngines.RUN, java.util.Map.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aFollowerSeesStagesAndTheEndInOrder() throws InterruptedException {
            engine.start(TestEngines.RUN, TestEngines.variables("run-followed"));
            List<String> seen = new ArrayList<>();

            RunRecord run = new RunFollower(engine.history()).follow("run-followed", RUN_TIMEOUT, event -> seen.add(describe(event)));

            assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
            assertThat(seen).containsExactly(
                    "started RecordStep", "ended RecordStep", "started AfterWait", "ended AfterWait", "run succeeded");
        }

        private static String describe(RunEvent event) {
            if (event instanceof RunEvent.StageStarted s) {
                return "started " + s.stage().stage();
            }
            if (event instanceof RunEvent.StageEnded s) {
                return "ended " + s.stage().stage();
            }
            if (event instanceof RunEvent.Action a) {
                return "action " + a.action().text();
            }
            return "run " + ((RunEvent.RunEnded) event).run().outcome();
        }
    }

    /** A file H2 cannot read back (a power loss cut it short) is set aside at the next boot, which goes on over a new one. */
    @Nested
    class CorruptFiles {

        @TempDir
        Path stateDir;

        final TestEngines fixture = new TestEngines();

        @ParameterizedTest
        @ValueSource(strings = {"hecate.mv.db", "history.mv.db"})
        void aFileCutShortIsSetAsideKeptAsItWasAndTheBootGoesOn(String name) throws IOException {
            try (HecateEngine engine = HecateEngine.start(fixture.settings(stateDir, null))) {
                engine.start(TestEngines.RUN, TestEngines.variables("run-before"));
            }
            Path file = stateDir.resolve("engine").resolve(name);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(4096);
            }

            try (HecateEngine engine = HecateEngine.start(fixture.settings(stateDir, null))) {
                boolean historyLost = name.equals("history.mv.db");
                assertThat(engine.history().runs(5)).extracting(RunRecord::runId)
                        .containsExactlyElementsOf(historyLost ? List.of() : List.of("run-before"));
                engine.start(TestEngines.RUN, TestEngines.variables("run-after"));
                assertThat(engine.history().run("run-after")).isPresent();
            }
            try (var files = Files.list(file.getParent())) {
                assertThat(files.filter(f -> f.getFileName().toString().startsWith(name + ".corrupt-")))
                        .singleElement().satisfies(aside -> assertThat(Files.size(aside)).isEqualTo(4096));
            }
        }
    }

    @Nested
    class Overrides {

        @TempDir
        Path stateDir;

        @TempDir
        Path overrideDir;

        final TestEngines fixture = new TestEngines();

        @Test
        void aBrokenOverrideRefusesToStartAndCreatesNothing() throws IOException {
            Files.writeString(overrideDir.resolve("broken.bpmn"), Bpmn.HEAD + "<process id=\"test-run\"");

            assertThatThrownBy(() -> fixture.settings(stateDir, overrideDir))
                    .isInstanceOf(WorkflowException.class)
                    .hasMessageStartingWith(overrideDir.resolve("broken.bpmn") + ": not a valid BPMN file");
            try (var files = Files.list(stateDir)) {
                assertThat(files).isEmpty();
            }
        }

        @Test
        void anOverrideReplacesABuiltInProcessById() throws IOException {
            Path file = overrideDir.resolve("my-run.bpmn");
            Files.writeString(file, Bpmn.executable(TestEngines.RUN, """
                    <startEvent id="Start"/>
                    <sequenceFlow id="f1" sourceRef="Start" targetRef="OperatorStep"/>
                    <serviceTask id="OperatorStep" name="Operator's step" camunda:delegateExpression="${recordStep}"/>
                    <sequenceFlow id="f2" sourceRef="OperatorStep" targetRef="Done"/>
                    <endEvent id="Done"/>
                    """), StandardCharsets.UTF_8);

            try (HecateEngine engine = HecateEngine.start(fixture.settings(stateDir, overrideDir))) {
                assertThat(engine.catalog().origins()).containsEntry(TestEngines.RUN, file.toString());

                engine.start(TestEngines.RUN, TestEngines.variables("run-override"));

                RunRecord run = awaitEnd(engine.history(), "run-override");
                assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
                assertThat(engine.history().stages("run-override")).extracting(StageRecord::stage).containsExactly("OperatorStep");
            }
        }

        @Test
        void anOverrideAlwaysReplacesTheDeployedDefinitionEvenWhenChangedBack() throws IOException {
            Path file = overrideDir.resolve("run.bpmn");
            for (String step : List.of("FirstEdit", "SecondEdit", "FirstEdit")) {
                Files.writeString(file, Bpmn.executable(TestEngines.RUN, """
                        <startEvent id="Start"/>
                        <sequenceFlow id="f1" sourceRef="Start" targetRef="%s"/>
                        <serviceTask id="%s" camunda:delegateExpression="${recordStep}"/>
                        <sequenceFlow id="f2" sourceRef="%s" targetRef="Done"/>
                        <endEvent id="Done"/>
                        """.formatted(step, step, step)), StandardCharsets.UTF_8);
                try (HecateEngine engine = HecateEngine.start(fixture.settings(stateDir, overrideDir))) {
                    String runId = "run-" + step + "-" + System.nanoTime();
                    engine.start(TestEngines.RUN, TestEngines.variables(runId));
                    awaitEnd(engine.history(), runId);
                    assertThat(engine.history().stages(runId)).extracting(StageRecord::stage).as(step).containsExactly(step);
                }
            }
        }

        @Test
        void anOverrideOfAProcessThatIsNotHecatesIsRefusedNamingTheFix() throws IOException {
            Files.writeString(overrideDir.resolve("mine.bpmn"), Bpmn.timerRun("my-run", "recordStep", "PT1S", "Done"));

            assertThatThrownBy(() -> fixture.settings(stateDir, overrideDir))
                    .isInstanceOf(WorkflowException.class)
                    .hasMessageStartingWith(overrideDir.resolve("mine.bpmn") + ": process my-run is not one of Hecate's workflows")
                    .hasMessageContaining("fix: set the process id to one of ");
        }

        @Test
        void aFileNamedAfterABuiltInMustDefineThatBuiltIn() throws IOException {
            Files.writeString(overrideDir.resolve(TestEngines.RUN + ".bpmn"), Bpmn.timerRun(TestEngines.FAILED_END, "recordStep", "PT1S",
                    "Done"));

            assertThatThrownBy(() -> fixture.settings(stateDir, overrideDir))
                    .isInstanceOf(WorkflowException.class)
                    .hasMessageContaining("process test-failed-end in a file named after test-run; fix: set the process id to test-run");
        }

        @Test
        void aRestartWithTheSameWorkflowsDeploysNothingNew() {
            try (HecateEngine engine = HecateEngine.start(fixture.settings(stateDir, null))) {
                assertThat(engine.processEngine().getRepositoryService().createDeploymentQuery().count()).isEqualTo(1);
            }
            try (HecateEngine engine = HecateEngine.start(fixture.settings(stateDir, null))) {
                assertThat(engine.processEngine().getRepositoryService().createDeploymentQuery().count()).isEqualTo(1);
            }
        }
    }

    @Nested
    class Closing {

        @TempDir
        Path stateDir;

        final TestEngines fixture = new TestEngines();

        @Test
        void closesBothFilesAndTheDelegatesResourcesWhichHoldAPoolOverTheHistoryToo() throws Exception {
            Path engineDir = stateDir.resolve("engine");
            EngineSettings files = fixture.settings(stateDir, null);
            AtomicInteger closings = new AtomicInteger();
            // as the workflows' context: a pool of the delegates' own over the history, disposed with their resources
            JdbcConnectionPool delegatesPool = EngineDatabase.historyPool(engineDir);
            EngineSettings settings = new EngineSettings(engineDir, files.delegates(), files.workflows(), files.clock(), () -> {
                delegatesPool.dispose();
                closings.incrementAndGet();
            });
            HecateEngine engine = HecateEngine.start(settings);
            engine.startJobExecutor();
            engine.start(TestEngines.RUN, TestEngines.variables("run-closing"));
            try (Connection connection = delegatesPool.getConnection()) {
                assertThat(connection.isValid(1)).isTrue();
            }
            awaitEnd(engine.history(), "run-closing");

            engine.close();

            assertThat(closings).as("the delegates' resources, closed once").hasValue(1);
            // H2 deletes a file's lock when it closes the file, which it does when its last connection goes
            assertThat(engineDir.resolve("hecate.lock.db")).doesNotExist();
            assertThat(engineDir.resolve("history.lock.db")).doesNotExist();
            assertThat(EngineDatabase.existingHistoryForOneRead(engineDir)).hasValueSatisfying(history -> {
                try (history) {
                    assertThat(history.run("run-closing")).hasValueSatisfying(run -> assertThat(run.outcome())
                            .isEqualTo(RunRecord.SUCCEEDED));
                }
            });
        }
    }

    @Nested
    class AcrossJvms {

        @TempDir
        Path stateDir;

        @Test
        void aRunStartedByOneJvmIsFinishedByTheNextOnTheSameDatabase() throws Exception {
            Jvm cli = Jvm.run("start", stateDir, "run-across");
            assertThat(cli.exitCode).as(cli.output).isZero();
            RunHistory history = new RunHistory(EngineDatabase.historyPool(stateDir.resolve("engine")));
            assertThat(history.run("run-across")).hasValueSatisfying(run -> assertThat(run.running()).isTrue());
            assertThat(history.stages("run-across")).extracting(StageRecord::stage).containsExactly("RecordStep");

            Jvm daemon = Jvm.run("finish", stateDir, "run-across");

            assertThat(daemon.exitCode).as(daemon.output).isZero();
            RunRecord run = history.run("run-across").orElseThrow();
            assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
            assertThat(history.stages("run-across")).extracting(StageRecord::stage).containsExactly("RecordStep", "AfterWait");
            System.out.printf("engine boot, cold JVM: new database %d ms (JVM total %d ms), existing database %d ms (JVM total %d ms)%n",
                    cli.bootMillis(), cli.wallMillis, daemon.bootMillis(), daemon.wallMillis);
        }
    }

    @Nested
    class BootingTogether {

        @TempDir
        Path dir;

        final TestEngines fixture = new TestEngines();

        /**
         * Two engines booting at once on a new state dir, as the daemon and {@code hecate startup} at a host's first boot:
         * before the boot lock one of the two failed in most such pairs (Camunda's schema half made), or both deployed
         * the workflows as version 1, after which every start of them failed.
         */
        @Test
        void twoEnginesBootingOnANewStateDirAtOnceBothRunAndDeployEachWorkflowOnce() throws Exception {
            for (int round = 0; round < 2; round++) {
                Path stateDir = dir.resolve("state-" + round);
                CyclicBarrier together = new CyclicBarrier(2);
                List<CompletableFuture<HecateEngine>> booting = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    booting.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            together.await();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return HecateEngine.start(fixture.settings(stateDir, null));
                    }));
                }
                List<HecateEngine> engines = new ArrayList<>();
                try {
                    for (CompletableFuture<HecateEngine> each : booting) {
                        engines.add(each.get());
                    }
                    for (int i = 0; i < engines.size(); i++) {
                        engines.get(i).start(TestEngines.RUN, TestEngines.variables("run-" + round + "-" + i));
                    }
                    try (Connection c = ((ProcessEngineConfigurationImpl) engines.get(0).processEngine().getProcessEngineConfiguration())
                            .getDataSource().getConnection(); Statement statement = c.createStatement();
                            ResultSet twice = statement.executeQuery("SELECT KEY_ FROM ACT_RE_PROCDEF GROUP BY KEY_, VERSION_ HAVING COUNT(*) > 1")) {
                        assertThat(twice.next()).as("a workflow deployed twice as one version").isFalse();
                    }
                } finally {
                    // each engine that booted closes once, now or when its boot ends
                    booting.forEach(each -> each.thenAccept(HecateEngine::close));
                }
            }
        }
    }

    /**
     * The process that serves the engine's files (AUTO_SERVER) stops while this one runs: a command that exits, a
     * daemon restarted or killed. What this process was doing in the database then fails with a broken session, and is
     * tried again on the next server.
     */
    @Nested
    class HandedOver {

        @TempDir
        Path dir;

        final TestEngines fixture = new TestEngines();

        @Test
        void aRunGoesOnAndAnotherStartsWhenTheProcessServingTheDatabaseIsKilled() throws Exception {
            goesOnWhenTheServer(Process::destroyForcibly);
        }

        @Test
        void aRunGoesOnAndAnotherStartsWhenTheProcessServingTheDatabaseExits() throws Exception {
            goesOnWhenTheServer(server -> {
                try {
                    server.getOutputStream().close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        /**
         * While the serving JVM stops, one run holds in a job and another in its start (each with its transaction open),
         * and a third starts before H2 has handed the file over. The held job's commit fails: the job is given back,
         * unspent, and runs again (as a job does after a crash); the held start's commit fails and the start is tried
         * again. Before, the held run failed (its one retry spent on the hand-over) and the start threw "Connection is
         * broken: session closed".
         */
        private void goesOnWhenTheServer(Consumer<Process> stops) throws Exception {
            Process server = serve();
            try (HecateEngine engine = HecateEngine.start(fixture.settings(dir, null))) {
                engine.startJobExecutor();
                engine.start(TestEngines.HELD, TestEngines.variables("held"));
                CompletableFuture<String> heldAtStart = CompletableFuture.supplyAsync(
                        () -> engine.start(TestEngines.HELD_AT_START, TestEngines.variables("held-at-start")));
                await().atMost(RUN_TIMEOUT).until(() -> fixture.steps.containsAll(List.of("Hold", "HoldAtStart")));

                stops.accept(server);
                assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
                engine.start(TestEngines.RUN, TestEngines.variables("started-in-the-hand-over"));
                fixture.held.countDown();

                assertThat(heldAtStart.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo(engine.history().run("held-at-start").orElseThrow().processInstanceId());
                for (String runId : List.of("held", "held-at-start", "started-in-the-hand-over")) {
                    assertThat(awaitEnd(engine.history(), runId).outcome()).as(runId).isEqualTo(RunRecord.SUCCEEDED);
                }
                // each held stage ran twice, and its timeline says so: its first pass did its work but lost its commit
                assertThat(engine.history().stages("held")).extracting(StageRecord::stage, StageRecord::outcome)
                        .containsExactly(tuple("Hold", "ok"), tuple("Hold", "ok"), tuple("Record", "ok"));
                assertThat(engine.history().stages("held-at-start")).extracting(StageRecord::stage, StageRecord::outcome)
                        .containsExactly(tuple("HoldAtStart", "ok"), tuple("HoldAtStart", "ok"), tuple("Record", "ok"));
            } finally {
                server.destroyForcibly();
            }
        }

        /**
         * An acquisition whose commit the stopping server made but whose reply it took with it leaves a job locked by
         * this executor that it never got: once the executor is idle it unlocks it, so the run goes on now, not when
         * the lock expires (5 minutes, longer than this test waits).
         */
        @Test
        void aJobLockedByAnAcquisitionLostInAHandOverRunsOnceTheExecutorIsIdle() {
            try (HecateEngine engine = HecateEngine.start(fixture.settings(dir, null))) {
                fixture.held.countDown();
                engine.start(TestEngines.HELD, TestEngines.variables("locked"));
                ProcessEngineConfigurationImpl configuration =
                        (ProcessEngineConfigurationImpl) engine.processEngine().getProcessEngineConfiguration();
                NextDueJobExecutor executor = (NextDueJobExecutor) configuration.getJobExecutor();
                configuration.getCommandExecutorTxRequired().execute(context -> {
                    for (JobEntity job : context.getJobManager().findJobsByProcessInstanceId(
                            engine.history().run("locked").orElseThrow().processInstanceId())) {
                        job.setLockOwner(executor.getLockOwner());
                        job.setLockExpirationTime(new Date(System.currentTimeMillis() + Duration.ofMinutes(5).toMillis()));
                    }
                    return null;
                });

                executor.locksMayBeLost();
                engine.startJobExecutor();

                assertThat(awaitEnd(engine.history(), "locked").outcome()).isEqualTo(RunRecord.SUCCEEDED);
            }
        }

        /** A JVM that boots first, so it serves the files, until it is stopped. */
        private Process serve() throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process server = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    EngineJvm.class.getName(), "serve", dir.toString(), "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String first = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(first).startsWith("boot-millis=");
            return server;
        }
    }

    /** What a test does while it counts the job executor's acquisitions. */
    interface Action {
        void run() throws Exception;
    }

    /** A spawned JVM running {@link EngineJvm} on this test's class path. */
    record Jvm(int exitCode, String output, long wallMillis) {

        static Jvm run(String mode, Path stateDir, String runId) throws IOException, InterruptedException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    EngineJvm.class.getName(), mode, stateDir.toString(), runId).redirectErrorStream(true);
            long before = System.nanoTime();
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("JVM " + mode + " did not exit:\n" + output);
            }
            return new Jvm(process.exitValue(), output, (System.nanoTime() - before) / 1_000_000);
        }

        long bootMillis() {
            return output.lines().filter(l -> l.startsWith("boot-millis=")).map(l -> Long.parseLong(l.substring(12)))
                    .findFirst().orElseThrow(() -> new AssertionError("no boot time in:\n" + output));
        }
    }
}
