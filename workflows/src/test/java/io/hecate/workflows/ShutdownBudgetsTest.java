package io.hecate.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.config.HecateConfig;
import io.hecate.engine.history.Budget;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.RunRecord;
import io.hecate.engine.history.RunStart;
import io.hecate.engine.runtime.EngineDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownBudgetsTest {

    private static final HecateConfig.Shutdown SHUTDOWN = new HecateConfig.Shutdown(Duration.ofSeconds(600), Duration.ofSeconds(180),
            Duration.ofSeconds(120), true, true, 2, Duration.ofSeconds(180), Duration.ofSeconds(120), 2, Duration.ofSeconds(5),
            List.of("workers", "control_planes", "other_hosts"), false,
            List.of("systemctl", "poweroff"), Duration.ofSeconds(30));

    @TempDir
    Path dir;

    private JdbcConnectionPool pool;
    private RunHistory history;
    private int runs;

    @BeforeEach
    void openHistory() {
        pool = EngineDatabase.historyPool(dir);
        history = new RunHistory(pool);
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    @Test
    void emergencyBudgetLearnsFromEveryPowerTriggeredRunButNotFromTheCli() {
        record(HecateWorkflows.EMERGENCY_SHUTDOWN, Trigger.UPS, 40);
        record(HecateWorkflows.EMERGENCY_SHUTDOWN, Trigger.CLI, 500);
        assertThat(budgets().emergency()).isEqualTo(new Budget(Duration.ofSeconds(180), 1, Budget.Source.CONFIG));

        record(HecateWorkflows.EMERGENCY_SHUTDOWN, Trigger.PEER, 55);
        record(HecateWorkflows.EMERGENCY_SHUTDOWN, Trigger.PEER_FALLBACK, 50);

        assertThat(budgets().emergency()).isEqualTo(new Budget(Duration.ofSeconds(55), 3, Budget.Source.LEARNED));
    }

    @Test
    void fullBudgetLearnsFromFullShutdownsWhoeverStartedThem() {
        record(HecateWorkflows.SHUTDOWN, Trigger.CLI, 300);
        record(HecateWorkflows.SHUTDOWN, Trigger.UPS, 250);
        record(HecateWorkflows.EMERGENCY_SHUTDOWN, Trigger.UPS, 40);

        assertThat(budgets().full()).isEqualTo(new Budget(Duration.ofSeconds(300), 2, Budget.Source.LEARNED));
    }

    private ShutdownBudgets budgets() {
        return new ShutdownBudgets(history, SHUTDOWN);
    }

    private void record(String workflow, Trigger trigger, int seconds) {
        String runId = "run-" + ++runs;
        Instant started = Instant.parse("2026-11-24T05:00:00Z").plusSeconds(runs * 1000L);
        history.runStarted(new RunStart(runId, workflow, trigger.wire(), RunMode.EMERGENCY.wire(), true, started, "pi-" + runs));
        history.runEnded(runId, RunRecord.SUCCEEDED, null, started.plusSeconds(seconds));
    }
}
