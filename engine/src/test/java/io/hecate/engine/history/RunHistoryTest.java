package io.hecate.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.runtime.EngineDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.TimeZone;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration CONFIGURED = Duration.ofSeconds(600);

    @TempDir
    Path dir;

    RunHistory history;
    private JdbcConnectionPool pool;

    @BeforeEach
    void openHistory() {
        pool = EngineDatabase.historyPool(dir.resolve("engine"));
        history = new RunHistory(pool);
    }

    /** The database closes before the temp dir goes, so H2 writes nothing into a directory being deleted. */
    @AfterEach
    void closeHistory() {
        pool.dispose();
    }

    private void run(String runId, String workflow, String trigger, boolean executed, Instant started, Duration took, String outcome) {
        history.runStarted(new RunStart(runId, workflow, trigger, "full", executed, started, "pi-" + runId));
        if (took != null) {
            history.runEnded(runId, outcome, null, started.plus(took));
        }
    }

    @Nested
    class Schema {

        /** Before the fix, about one creation in three of such a pair failed with H2's "object already exists". */
        @Test
        void creatingTheSchemaFromSeveralProcessesAtOnceSucceedsForEach() throws Exception {
            for (int round = 0; round < 20; round++) {
                Path engineDir = dir.resolve("race-" + round);
                List<JdbcConnectionPool> pools = List.of(EngineDatabase.historyPool(engineDir), EngineDatabase.historyPool(engineDir),
                        EngineDatabase.historyPool(engineDir));
                CyclicBarrier together = new CyclicBarrier(pools.size());
                ExecutorService creators = Executors.newFixedThreadPool(pools.size());
                try {
                    List<Future<RunHistory>> created = new ArrayList<>();
                    for (JdbcConnectionPool each : pools) {
                        created.add(creators.submit(() -> {
                            together.await();
                            return new RunHistory(each);
                        }));
                    }
                    for (Future<RunHistory> each : created) {
                        assertThat(each.get().runs(1)).isEmpty();
                    }
                } finally {
                    creators.shutdown();
                    pools.forEach(JdbcConnectionPool::dispose);
                }
            }
        }
    }

    @Nested
    class Runs {

        @Test
        void recordsStartAndEnd() {
            history.runStarted(new RunStart("r1", "hecate-shutdown", "cli", "full", true, T0, "pi-1"));

            RunRecord running = history.run("r1").orElseThrow();
            assertThat(running.running()).isTrue();
            assertThat(running.outcome()).isEqualTo(RunRecord.RUNNING);
            assertThat(running.started()).isEqualTo(T0);
            assertThat(running.duration()).isNull();

            history.runEnded("r1", RunRecord.SUCCEEDED, "all good", T0.plusMillis(61_250));

            assertThat(history.run("r1").orElseThrow()).isEqualTo(new RunRecord("r1", "hecate-shutdown", "cli", "full", true, T0,
                    T0.plusMillis(61_250), RunRecord.SUCCEEDED, "all good", "pi-1", null, false, false, true, null, null));
            assertThat(history.run("r1").orElseThrow().duration()).isEqualTo(Duration.ofMillis(61_250));
        }

        @Test
        void recordsTheEndOnlyOnce() {
            run("r1", "hecate-shutdown", "cli", true, T0, Duration.ofSeconds(10), RunRecord.FAILED);

            history.runEnded("r1", RunRecord.SUCCEEDED, "retried", T0.plusSeconds(99));

            RunRecord run = history.run("r1").orElseThrow();
            assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
            assertThat(run.ended()).isEqualTo(T0.plusSeconds(10));
        }

        @Test
        void aRetriedStartDoesNotReopenAnEndedRun() {
            run("r1", "hecate-shutdown", "cli", true, T0, Duration.ofSeconds(10), RunRecord.SUCCEEDED);

            history.runStarted(new RunStart("r1", "hecate-shutdown", "cli", "full", true, T0.plusSeconds(5), "pi-r1"));

            RunRecord run = history.run("r1").orElseThrow();
            assertThat(run.outcome()).isEqualTo(RunRecord.SUCCEEDED);
            assertThat(run.started()).isEqualTo(T0);
        }

        @Test
        void aStartTriedAgainKeepsTheFirstStartAndTakesTheNewProcessInstance() {
            // the first try's transaction was lost in a hand-over of Camunda's file: its process instance never existed
            history.runStarted(new RunStart("r1", "hecate-shutdown", "cli", "full", true, T0, "pi-lost"));

            history.runStarted(new RunStart("r1", "hecate-shutdown", "cli", "full", true, T0.plusSeconds(2), "pi-again"));

            RunRecord run = history.run("r1").orElseThrow();
            assertThat(run.processInstanceId()).isEqualTo("pi-again");
            assertThat(run.started()).isEqualTo(T0);
            assertThat(run.running()).isTrue();
        }

        @Test
        void aStartOfAnEndedRunKeepsItsProcessInstance() {
            run("r1", "hecate-shutdown", "cli", true, T0, Duration.ofSeconds(10), RunRecord.SUCCEEDED);

            history.runStarted(new RunStart("r1", "hecate-shutdown", "cli", "full", true, T0.plusSeconds(5), "pi-other"));

            assertThat(history.run("r1").orElseThrow().processInstanceId()).isEqualTo("pi-r1");
        }

        @Test
        void listsNewestFirstUpToTheLimit() {
            run("old", "hecate-startup", "boot", true, T0, Duration.ofSeconds(1), RunRecord.SUCCEEDED);
            run("mid", "hecate-shutdown", "cli", false, T0.plusSeconds(60), Duration.ofSeconds(1), RunRecord.SUCCEEDED);
            run("new", "hecate-shutdown", "ups", true, T0.plusSeconds(120), null, null);

            assertThat(history.runs(10)).extracting(RunRecord::runId).containsExactly("new", "mid", "old");
            assertThat(history.runs(2)).extracting(RunRecord::runId).containsExactly("new", "mid");
        }

        @Test
        void anUnknownRunIsEmpty() {
            assertThat(history.run("nope")).isEmpty();
            assertThat(history.stages("nope")).isEmpty();
        }

        @Test
        void clipsLongDetail() {
            run("r1", "w", "cli", true, T0, null, null);
            history.runEnded("r1", RunRecord.FAILED, "x".repeat(5000), T0.plusSeconds(1));

            assertThat(history.run("r1").orElseThrow().detail()).hasSize(4000).endsWith("...");
        }

        @Test
        void reopensTheSameDatabase() {
            run("r1", "w", "cli", true, T0, Duration.ofSeconds(3), RunRecord.SUCCEEDED);

            RunHistory again = new RunHistory(EngineDatabase.historyPool(dir.resolve("engine")));

            assertThat(again.run("r1")).isPresent();
        }
    }

    @Nested
    class Listing {

        @Test
        void filtersByWorkflowOutcomeAndTriggerAndPagesNewestFirst() {
            for (int i = 1; i <= 5; i++) {
                run("e" + i, "hecate-emergency-shutdown", "ups", true, T0.plusSeconds(i), Duration.ofSeconds(10), RunRecord.SUCCEEDED);
            }
            run("f1", "hecate-emergency-shutdown", "ups", true, T0.plusSeconds(10), Duration.ofSeconds(10), RunRecord.FAILED);
            run("s1", "hecate-startup", "boot", true, T0.plusSeconds(11), Duration.ofSeconds(10), RunRecord.SUCCEEDED);

            RunFilter succeededEmergencies = new RunFilter("hecate-emergency-shutdown", RunRecord.SUCCEEDED, "ups");
            assertThat(history.runs(succeededEmergencies, 0, 2)).extracting(RunRecord::runId).containsExactly("e5", "e4");
            assertThat(history.runs(succeededEmergencies, 4, 2)).extracting(RunRecord::runId).containsExactly("e1");
            assertThat(history.runs(new RunFilter(null, null, "boot"), 0, 10)).extracting(RunRecord::runId).containsExactly("s1");
            assertThat(history.runs(RunFilter.ALL, 0, 3)).extracting(RunRecord::runId).containsExactly("s1", "f1", "e5");
        }

        @Test
        void keepsTheFirstDefinitionARunExecuted() {
            run("r1", "hecate-shutdown", "cli", true, T0, null, null);

            history.definitionUsed("r1", "hecate-shutdown:3:abc");
            history.definitionUsed("r1", "hecate-shutdown:4:def");

            assertThat(history.run("r1").orElseThrow().definitionId()).isEqualTo("hecate-shutdown:3:abc");
        }

        @Test
        void upgradesAHistoryWrittenBeforeDefinitionsWereKept() throws Exception {
            Path old = dir.resolve("old");
            var pool = EngineDatabase.historyPool(old);
            try (var c = pool.getConnection(); var st = c.createStatement()) {
                st.execute("CREATE TABLE HECATE_RUN (RUN_ID VARCHAR(64) PRIMARY KEY, WORKFLOW VARCHAR(128) NOT NULL, "
                        + "TRIGGER_ VARCHAR(64) NOT NULL, MODE_ VARCHAR(64) NOT NULL, EXECUTED BOOLEAN NOT NULL, "
                        + "STARTED TIMESTAMP(3) WITH TIME ZONE NOT NULL, ENDED TIMESTAMP(3) WITH TIME ZONE, OUTCOME VARCHAR(32) NOT NULL, "
                        + "DETAIL VARCHAR(4000), PROC_INST_ID VARCHAR(64))");
                st.execute("INSERT INTO HECATE_RUN VALUES ('old-1', 'hecate-shutdown', 'cli', 'full', TRUE, "
                        + "TIMESTAMP WITH TIME ZONE '2026-03-01 10:00:00Z', NULL, 'running', NULL, 'pi')");
            } finally {
                pool.dispose();
            }

            RunRecord run = new RunHistory(EngineDatabase.historyPool(old)).run("old-1").orElseThrow();

            assertThat(run.workflow()).isEqualTo("hecate-shutdown");
            assertThat(run.definitionId()).isNull();
        }
    }

    @Nested
    class Stages {

        @Test
        void recordsStartAndEndInOrder() {
            history.stageStarted("r1", "StopAgents", "Stop agents", null, T0);
            history.stageEnded("r1", "StopAgents", null, "ok", null, T0.plusSeconds(3));
            history.stageStarted("r1", "StopServers", "Stop servers", null, T0.plusSeconds(3));

            assertThat(history.stages("r1")).extracting(StageRecord::stage).containsExactly("StopAgents", "StopServers");
            StageRecord first = history.stages("r1").get(0);
            assertThat(first.name()).isEqualTo("Stop agents");
            assertThat(first.outcome()).isEqualTo("ok");
            assertThat(first.duration()).isEqualTo(Duration.ofSeconds(3));
            assertThat(history.stages("r1").get(1).ended()).isNull();
        }

        @Test
        void reusesTheOpenStageWhenAStartIsRetried() {
            history.stageStarted("r1", "StopAgents", "Stop agents", null, T0);
            history.stageStarted("r1", "StopAgents", "Stop agents", null, T0.plusSeconds(60));

            assertThat(history.stages("r1")).hasSize(1);
            assertThat(history.stages("r1").get(0).started()).isEqualTo(T0);
        }

        @Test
        void keepsOneRowPerNode() {
            history.stageStarted("r1", "StopNode", "Stop node", "w-1", T0);
            history.stageStarted("r1", "StopNode", "Stop node", "w-2", T0);
            history.stageStarted("r1", "StopNode", "Stop node", "w-1", T0.plusSeconds(1));
            history.stageEnded("r1", "StopNode", "w-2", "ok", null, T0.plusSeconds(2));

            assertThat(history.stages("r1")).extracting(StageRecord::node, StageRecord::outcome)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("w-1", null), org.assertj.core.groups.Tuple.tuple("w-2", "ok"));
        }

        @Test
        void writesManyNodesAtOnceAsTheSingleWritesWould() {
            history.stageStarted("r1", "StopNodes", "Stop", "w-1", T0);
            history.stagesStarted("r1", "StopNodes", "Stop", java.util.List.of("w-1", "w-2", "cp-1"), T0.plusSeconds(1));
            history.stagesEnded("r1", "StopNodes", java.util.List.of(new StageEnd("w-1", "ok", null, T0.plusSeconds(2)),
                    new StageEnd("w-2", "timeout", "no answer", T0.plusSeconds(3))));
            history.stagesStarted("r1", "StopNodes", "Stop", java.util.List.of("w-2"), T0.plusSeconds(4));
            history.stagesEnded("r1", "StopNodes", java.util.List.of(new StageEnd("w-2", "ok", null, T0.plusSeconds(5))));

            assertThat(history.stages("r1")).extracting(StageRecord::node, StageRecord::started, StageRecord::outcome, StageRecord::detail)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("w-1", T0, "ok", null),
                            org.assertj.core.groups.Tuple.tuple("w-2", T0.plusSeconds(1), "timeout", "no answer"),
                            org.assertj.core.groups.Tuple.tuple("cp-1", T0.plusSeconds(1), null, null),
                            org.assertj.core.groups.Tuple.tuple("w-2", T0.plusSeconds(4), "ok", null));
        }

        @Test
        void aStageRunAgainAfterItEndedGetsANewRow() {
            history.stageStarted("r1", "WaitApi", "Wait", null, T0);
            history.stageEnded("r1", "WaitApi", null, "ok", null, T0.plusSeconds(1));
            history.stageStarted("r1", "WaitApi", "Wait", null, T0.plusSeconds(2));

            assertThat(history.stages("r1")).hasSize(2);
        }

        @Test
        void anEndWithoutAStartIsIgnored() {
            history.stageEnded("r1", "Nothing", null, "ok", null, T0);

            assertThat(history.stages("r1")).isEmpty();
        }

        @Test
        void keepsActionsInOrder() {
            history.action("r1", "StopAgents", "ssh w-1: systemctl stop k3s-agent", T0);
            history.action("r1", "StopAgents", "ssh w-2: systemctl stop k3s-agent", T0);
            history.action("r1", null, "intent: shutting_down", T0.plusSeconds(1));
            history.action("r2", "Other", "not this run", T0);

            assertThat(history.actions("r1")).extracting(ActionRecord::text).containsExactly(
                    "ssh w-1: systemctl stop k3s-agent", "ssh w-2: systemctl stop k3s-agent", "intent: shutting_down");
            assertThat(history.actions("r1").get(2).stage()).isNull();
        }
    }

    @Nested
    class Budgets {

        private BudgetEstimator estimator() {
            return new BudgetEstimator(history, 3);
        }

        @Test
        void serveTheConfigUntilEnoughSamples() {
            run("a", "hecate-shutdown", "cli", true, T0, Duration.ofSeconds(100), RunRecord.SUCCEEDED);
            run("b", "hecate-shutdown", "cli", true, T0.plusSeconds(1000), Duration.ofSeconds(200), RunRecord.SUCCEEDED);

            assertThat(estimator().estimate("hecate-shutdown", Set.of(), CONFIGURED))
                    .isEqualTo(new Budget(CONFIGURED, 2, Budget.Source.CONFIG));
        }

        @Test
        void learnTheSlowestRunCeiledToASecond() {
            run("a", "hecate-shutdown", "cli", true, T0, Duration.ofSeconds(100), RunRecord.SUCCEEDED);
            run("b", "hecate-shutdown", "cli", true, T0.plusSeconds(1000), Duration.ofMillis(250_001), RunRecord.SUCCEEDED);
            run("c", "hecate-shutdown", "cli", true, T0.plusSeconds(2000), Duration.ofSeconds(180), RunRecord.SUCCEEDED);

            assertThat(estimator().estimate("hecate-shutdown", Set.of(), CONFIGURED))
                    .isEqualTo(new Budget(Duration.ofSeconds(251), 3, Budget.Source.LEARNED));
        }

        @Test
        void ignoreDryRunsFailedRunsRunningRunsAndOtherWorkflows() {
            run("a", "hecate-shutdown", "cli", true, T0, Duration.ofSeconds(100), RunRecord.SUCCEEDED);
            run("b", "hecate-shutdown", "cli", true, T0.plusSeconds(1000), Duration.ofSeconds(120), RunRecord.SUCCEEDED);
            run("dry", "hecate-shutdown", "cli", false, T0.plusSeconds(2000), Duration.ofSeconds(900), RunRecord.SUCCEEDED);
            run("failed", "hecate-shutdown", "cli", true, T0.plusSeconds(3000), Duration.ofSeconds(900), RunRecord.FAILED);
            run("running", "hecate-shutdown", "cli", true, T0.plusSeconds(4000), null, null);
            run("other", "hecate-startup", "cli", true, T0.plusSeconds(5000), Duration.ofSeconds(900), RunRecord.SUCCEEDED);

            assertThat(estimator().estimate("hecate-shutdown", Set.of(), CONFIGURED).source()).isEqualTo(Budget.Source.CONFIG);

            run("c", "hecate-shutdown", "cli", true, T0.plusSeconds(6000), Duration.ofSeconds(110), RunRecord.SUCCEEDED);

            assertThat(estimator().estimate("hecate-shutdown", Set.of(), CONFIGURED))
                    .isEqualTo(new Budget(Duration.ofSeconds(120), 3, Budget.Source.LEARNED));
        }

        @Test
        void filterByTrigger() {
            for (int i = 0; i < 3; i++) {
                run("cli" + i, "hecate-emergency-shutdown", "cli", true, T0.plusSeconds(i * 1000L), Duration.ofSeconds(300), RunRecord.SUCCEEDED);
            }
            run("ups0", "hecate-emergency-shutdown", "ups", true, T0.plusSeconds(5000), Duration.ofSeconds(90), RunRecord.SUCCEEDED);
            run("ups1", "hecate-emergency-shutdown", "ups", true, T0.plusSeconds(6000), Duration.ofSeconds(95), RunRecord.SUCCEEDED);

            assertThat(estimator().estimate("hecate-emergency-shutdown", Set.of("ups"), CONFIGURED))
                    .isEqualTo(new Budget(CONFIGURED, 2, Budget.Source.CONFIG));
            assertThat(estimator().estimate("hecate-emergency-shutdown", Set.of(), CONFIGURED))
                    .isEqualTo(new Budget(Duration.ofSeconds(300), 5, Budget.Source.LEARNED));

            run("ups2", "hecate-emergency-shutdown", "ups", true, T0.plusSeconds(7000), Duration.ofSeconds(80), RunRecord.SUCCEEDED);

            assertThat(estimator().estimate("hecate-emergency-shutdown", Set.of("ups"), CONFIGURED))
                    .isEqualTo(new Budget(Duration.ofSeconds(95), 3, Budget.Source.LEARNED));
        }

        @Test
        void aForwardedRunCountsFromThePeersTrigger() {
            Instant triggered = T0.minusSeconds(5);
            history.runStarted(new RunStart("fwd", "hecate-emergency-shutdown", "peer", "emergency", true, T0, "pi-fwd", null,
                    triggered));
            history.runEnded("fwd", RunRecord.SUCCEEDED, null, T0.plusSeconds(20));

            RunRecord run = history.run("fwd").orElseThrow();
            assertThat(run.triggeredAt()).isEqualTo(triggered);
            assertThat(run.duration()).as("the run itself").isEqualTo(Duration.ofSeconds(20));
            assertThat(run.sampleDuration()).isEqualTo(Duration.ofSeconds(25));
            assertThat(history.successfulDurations("hecate-emergency-shutdown", Set.of("peer"), 5))
                    .containsExactly(Duration.ofSeconds(25));
        }

        @Test
        void aTriggerAfterTheStartCountsFromTheStart() {
            history.runStarted(new RunStart("skew", "hecate-emergency-shutdown", "peer", "emergency", true, T0, "pi-skew", null,
                    T0.plusSeconds(2)));
            history.runEnded("skew", RunRecord.SUCCEEDED, null, T0.plusSeconds(20));

            assertThat(history.run("skew").orElseThrow().sampleDuration()).isEqualTo(Duration.ofSeconds(20));
        }

        @Test
        void learnFromTheLatestWindowOnly() {
            run("slow-and-old", "hecate-shutdown", "cli", true, T0, Duration.ofSeconds(900), RunRecord.SUCCEEDED);
            for (int i = 1; i <= BudgetEstimator.WINDOW; i++) {
                run("r" + i, "hecate-shutdown", "cli", true, T0.plusSeconds(i * 1000L), Duration.ofSeconds(100 + i), RunRecord.SUCCEEDED);
            }

            assertThat(estimator().estimate("hecate-shutdown", Set.of(), CONFIGURED))
                    .isEqualTo(new Budget(Duration.ofSeconds(100 + BudgetEstimator.WINDOW), BudgetEstimator.WINDOW, Budget.Source.LEARNED));
        }
    }

    @Test
    void durationsSurviveADaylightSavingFallBack() {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        try {
            RunHistory berlin = new RunHistory(EngineDatabase.historyPool(dir.resolve("berlin")));
            // 00:30Z is 02:30 CEST and 01:30Z is 02:30 CET: the same wall-clock time an hour apart
            Instant start = Instant.parse("2026-10-25T00:30:00Z");
            berlin.runStarted(new RunStart("dst", "hecate-shutdown", "cli", "full", true, start, "pi"));
            berlin.runEnded("dst", RunRecord.SUCCEEDED, null, start.plus(Duration.ofHours(1)));

            RunRecord run = berlin.run("dst").orElseThrow();
            assertThat(run.started()).isEqualTo(start);
            assertThat(run.duration()).isEqualTo(Duration.ofHours(1));
        } finally {
            TimeZone.setDefault(saved);
        }
    }
}
