package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.history.ActionRecord;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.StageRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Set;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An earlier Hecate kept the run history in Camunda's H2 file. The first boot of this version moves it into the history's
 * own file before it records anything: the learned budgets keep their runs, new rows never collide with moved ones, and
 * a move that was cut off after the copy (the old tables still there) moves nothing twice.
 */
class HistoryMoveIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void theFirstBootMovesAnEarlierHistoryOutOfCamundasFile() throws Exception {
        writeEarlierHistory();
        try (HecateEngine engine = HecateEngine.start(new TestEngines().settings(stateDir, null))) {
            RunHistory history = engine.history();
            assertThat(history.run("old-1")).hasValueSatisfying(run -> assertThat(run.ended()).isEqualTo(T0.plusSeconds(90)));
            assertThat(history.successfulDurations("hecate-shutdown", Set.of("cli"), 5)).hasSize(1);
            assertThat(history.stages("old-1")).extracting(StageRecord::stage).containsExactly("StopAgents", "StopServers");
            assertThat(history.actions("old-1")).extracting(ActionRecord::text).containsExactly("ran: k3s-killall.sh");

            history.stageStarted("new-1", "StopAgents", "Stop agents", null, T0.plusSeconds(600));
            history.action("new-1", "StopAgents", "ran: systemctl stop k3s-agent", T0.plusSeconds(600));
            assertThat(history.stages("new-1").get(0).id()).isGreaterThan(history.stages("old-1").get(1).id());
            assertThat(history.actions("new-1").get(0).id()).isGreaterThan(history.actions("old-1").get(0).id());
        }
        assertThat(camundaFileHoldsHistory()).isFalse();
    }

    @Test
    void aMoveCutOffAfterItsCopyMovesNothingTwice() throws Exception {
        writeEarlierHistory();
        HecateEngine.start(new TestEngines().settings(stateDir, null)).close();
        writeEarlierHistory();

        try (HecateEngine engine = HecateEngine.start(new TestEngines().settings(stateDir, null))) {
            assertThat(engine.history().runs(10)).hasSize(1);
            assertThat(engine.history().stages("old-1")).hasSize(2);
            assertThat(engine.history().actions("old-1")).hasSize(1);
        }
        assertThat(camundaFileHoldsHistory()).isFalse();
    }

    /** As the release before this one left it: no owner table, and none of the run columns added since. */
    private void writeEarlierHistory() throws SQLException {
        JdbcConnectionPool pool = EngineDatabase.enginePool(stateDir.resolve("engine"));
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE HECATE_RUN (RUN_ID VARCHAR(64) PRIMARY KEY, WORKFLOW VARCHAR(128) NOT NULL, "
                    + "TRIGGER_ VARCHAR(64) NOT NULL, MODE_ VARCHAR(64) NOT NULL, EXECUTED BOOLEAN NOT NULL, "
                    + "STARTED TIMESTAMP(3) WITH TIME ZONE NOT NULL, ENDED TIMESTAMP(3) WITH TIME ZONE, OUTCOME VARCHAR(32) NOT NULL, "
                    + "DETAIL VARCHAR(4000), PROC_INST_ID VARCHAR(64))");
            st.execute("CREATE TABLE HECATE_STAGE (ID BIGINT AUTO_INCREMENT PRIMARY KEY, RUN_ID VARCHAR(64) NOT NULL, "
                    + "STAGE VARCHAR(128) NOT NULL, NAME VARCHAR(256), NODE VARCHAR(128), STARTED TIMESTAMP(3) WITH TIME ZONE NOT NULL, "
                    + "ENDED TIMESTAMP(3) WITH TIME ZONE, OUTCOME VARCHAR(32), DETAIL VARCHAR(4000))");
            st.execute("CREATE TABLE HECATE_ACTION (ID BIGINT AUTO_INCREMENT PRIMARY KEY, RUN_ID VARCHAR(64) NOT NULL, "
                    + "STAGE VARCHAR(128), AT_ TIMESTAMP(3) WITH TIME ZONE NOT NULL, TEXT_ VARCHAR(4000) NOT NULL)");
            st.execute("INSERT INTO HECATE_RUN VALUES ('old-1', 'hecate-shutdown', 'cli', 'full', TRUE, "
                    + "TIMESTAMP WITH TIME ZONE '2026-03-01 10:00:00Z', TIMESTAMP WITH TIME ZONE '2026-03-01 10:01:30Z', 'succeeded', NULL, 'pi')");
            st.execute("INSERT INTO HECATE_STAGE (RUN_ID, STAGE, STARTED, ENDED, OUTCOME) VALUES "
                    + "('old-1', 'StopAgents', TIMESTAMP WITH TIME ZONE '2026-03-01 10:00:00Z', TIMESTAMP WITH TIME ZONE '2026-03-01 10:00:40Z', 'ok'), "
                    + "('old-1', 'StopServers', TIMESTAMP WITH TIME ZONE '2026-03-01 10:00:40Z', TIMESTAMP WITH TIME ZONE '2026-03-01 10:01:30Z', 'ok')");
            st.execute("INSERT INTO HECATE_ACTION (RUN_ID, STAGE, AT_, TEXT_) VALUES "
                    + "('old-1', 'StopAgents', TIMESTAMP WITH TIME ZONE '2026-03-01 10:00:01Z', 'ran: k3s-killall.sh')");
        } finally {
            pool.dispose();
        }
    }

    private boolean camundaFileHoldsHistory() throws SQLException {
        JdbcConnectionPool pool = EngineDatabase.enginePool(stateDir.resolve("engine"));
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'HECATE%'")) {
            rs.next();
            return rs.getInt(1) > 0;
        } finally {
            pool.dispose();
        }
    }
}
