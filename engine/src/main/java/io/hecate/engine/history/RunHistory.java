package io.hecate.engine.history;

import io.hecate.connectors.BootClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Runs, their stages and actions (and the engines that own runs), in plain tables of an H2 file of their own, beside
 * Camunda's. Plain JDBC in a small file so that {@code hecate status} and {@code hecate runs} read it without booting
 * Camunda or opening its file. Every write commits on its own so a follower in another JVM sees a stage start at once.
 * A history that owns its pool ({@link #owning}) releases it on {@link #close}: an H2 file held open by a forgotten
 * pool stays locked and its lock watchdog writes into the directory, even after that directory was removed.
 */
public final class RunHistory implements AutoCloseable {

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS HECATE_RUN (
              RUN_ID VARCHAR(64) PRIMARY KEY, WORKFLOW VARCHAR(128) NOT NULL, TRIGGER_ VARCHAR(64) NOT NULL,
              MODE_ VARCHAR(64) NOT NULL, EXECUTED BOOLEAN NOT NULL, STARTED TIMESTAMP(3) WITH TIME ZONE NOT NULL,
              ENDED TIMESTAMP(3) WITH TIME ZONE, OUTCOME VARCHAR(32) NOT NULL, DETAIL VARCHAR(4000), PROC_INST_ID VARCHAR(64),
              OWNER_TOKEN BIGINT, RESUMED BOOLEAN DEFAULT FALSE NOT NULL, RESUMABLE BOOLEAN DEFAULT FALSE NOT NULL, SAMPLE BOOLEAN,
              DEFINITION_ID VARCHAR(64), TRIGGERED_AT TIMESTAMP(3) WITH TIME ZONE);
            CREATE TABLE IF NOT EXISTS HECATE_STAGE (
              ID BIGINT AUTO_INCREMENT PRIMARY KEY, RUN_ID VARCHAR(64) NOT NULL, STAGE VARCHAR(128) NOT NULL,
              NAME VARCHAR(256), NODE VARCHAR(128), STARTED TIMESTAMP(3) WITH TIME ZONE NOT NULL,
              ENDED TIMESTAMP(3) WITH TIME ZONE, OUTCOME VARCHAR(32), DETAIL VARCHAR(4000));
            CREATE INDEX IF NOT EXISTS HECATE_STAGE_RUN ON HECATE_STAGE(RUN_ID);
            CREATE TABLE IF NOT EXISTS HECATE_ACTION (
              ID BIGINT AUTO_INCREMENT PRIMARY KEY, RUN_ID VARCHAR(64) NOT NULL, STAGE VARCHAR(128),
              AT_ TIMESTAMP(3) WITH TIME ZONE NOT NULL, TEXT_ VARCHAR(4000) NOT NULL);
            CREATE INDEX IF NOT EXISTS HECATE_ACTION_RUN ON HECATE_ACTION(RUN_ID);
            CREATE TABLE IF NOT EXISTS HECATE_OWNER (
              TOKEN BIGINT PRIMARY KEY, HOST VARCHAR(256) NOT NULL, BOOT_ID VARCHAR(64) NOT NULL, PID BIGINT NOT NULL,
              STARTED TIMESTAMP(3) WITH TIME ZONE NOT NULL, HEARTBEAT TIMESTAMP(3) WITH TIME ZONE NOT NULL, START_TICKS BIGINT,
              HEARTBEAT_UPTIME BIGINT);
            """;

    /**
     * Columns added after the first release (a new database has them from the start); an existing database gains
     * them, old runs count as their outcome said. The last column added is {@link #NEWEST_COLUMN}.
     */
    private static final String UPGRADE = """
            ALTER TABLE HECATE_RUN ADD COLUMN IF NOT EXISTS OWNER_TOKEN BIGINT;
            ALTER TABLE HECATE_RUN ADD COLUMN IF NOT EXISTS RESUMED BOOLEAN DEFAULT FALSE NOT NULL;
            ALTER TABLE HECATE_RUN ADD COLUMN IF NOT EXISTS RESUMABLE BOOLEAN DEFAULT FALSE NOT NULL;
            ALTER TABLE HECATE_RUN ADD COLUMN IF NOT EXISTS SAMPLE BOOLEAN;
            UPDATE HECATE_RUN SET SAMPLE = (EXECUTED AND OUTCOME = 'succeeded') WHERE SAMPLE IS NULL AND ENDED IS NOT NULL;
            ALTER TABLE HECATE_RUN ADD COLUMN IF NOT EXISTS DEFINITION_ID VARCHAR(64);
            ALTER TABLE HECATE_RUN ADD COLUMN IF NOT EXISTS TRIGGERED_AT TIMESTAMP(3) WITH TIME ZONE;
            ALTER TABLE HECATE_OWNER ADD COLUMN IF NOT EXISTS START_TICKS BIGINT;
            ALTER TABLE HECATE_OWNER ADD COLUMN IF NOT EXISTS HEARTBEAT_UPTIME BIGINT;
            """;

    /**
     * Of HECATE_OWNER (the last table {@link #SCHEMA} creates, the last one {@link #UPGRADE} changes): present once the
     * schema is this version's, and then no DDL runs. DDL takes H2's schema lock, which an engine booting in another
     * process holds for seconds, so a reader ({@code hecate status} while the daemon starts) timed out on it; readers now
     * never change the schema.
     */
    private static final String NEWEST_COLUMN = "HEARTBEAT_UPTIME";

    /** How often a schema creation refused by another's at the same moment looks again. */
    private static final int SCHEMA_ATTEMPTS = 5;

    private final DataSource dataSource;
    private final Runnable release;

    /**
     * Over a pool someone else disposes (the engine's, a workflow context's): {@link #close} leaves it open. Creates
     * the schema, or upgrades one an older Hecate wrote, when it is not this version's.
     */
    public RunHistory(DataSource dataSource) {
        this(dataSource, () -> { });
        createSchema();
    }

    private RunHistory(DataSource dataSource, Runnable release) {
        this.dataSource = dataSource;
        this.release = release;
    }

    /**
     * Two processes that find no schema at the same moment (the daemon starting while a command records its first run)
     * both create it: H2 refuses the later {@code CREATE INDEX IF NOT EXISTS} with "object already exists" while the
     * other's is still being made. Every statement is idempotent, so a refused creation looks again and goes on.
     */
    private void createSchema() {
        for (int attempt = 1; !ready(dataSource); attempt++) {
            try {
                update(SCHEMA);
                update(UPGRADE);
                return;
            } catch (HistoryException raced) {
                if (attempt == SCHEMA_ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    /**
     * Whether an engine has created (or upgraded) the history as this version writes it. Asked of H2's catalog: a query
     * on a table not there yet is an error H2 also writes to a trace file beside the history ({@code history.trace.db},
     * with a stack trace an operator reads as a fault).
     */
    private static boolean ready(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC'"
                        + " AND (TABLE_NAME = 'HECATE_RUN' AND COLUMN_NAME = 'TRIGGERED_AT' OR TABLE_NAME = 'HECATE_OWNER' AND COLUMN_NAME = ?)")) {
            statement.setString(1, NEWEST_COLUMN);
            try (ResultSet found = statement.executeQuery()) {
                return found.next() && found.getInt(1) == 2;
            }
        } catch (SQLException e) {
            throw new HistoryException("cannot read the run history: " + e.getMessage(), e);
        }
    }

    /**
     * A reader's history over a pool of its own: empty (the pool disposed) until an engine has created the schema,
     * or upgraded one an older Hecate wrote. A reader never changes the schema. A failed read disposes the pool too.
     */
    public static Optional<RunHistory> existing(JdbcConnectionPool pool) {
        try {
            if (!ready(pool)) {
                pool.dispose();
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
        return Optional.of(new RunHistory(pool, pool::dispose));
    }

    /**
     * Over a pool of its own, disposed by {@link #close} (or at once when the schema cannot be read or written);
     * creates or upgrades the schema as the constructor does.
     */
    public static RunHistory owning(JdbcConnectionPool pool) {
        RunHistory history = new RunHistory(pool, pool::dispose);
        try {
            history.createSchema();
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
        return history;
    }

    @Override
    public void close() {
        release.run();
    }

    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Records the start of a run once; a second start (a retried transaction) keeps the first, so durations stay whole,
     * and while the run has not ended takes the process instance it started, the first one's having been rolled back.
     */
    public void runStarted(RunStart run) {
        update("MERGE INTO HECATE_RUN T USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(64)))) S(RUN_ID, PROC_INST_ID)"
                        + " ON T.RUN_ID = S.RUN_ID"
                        + " WHEN MATCHED AND T.ENDED IS NULL THEN UPDATE SET PROC_INST_ID = S.PROC_INST_ID"
                        + " WHEN NOT MATCHED THEN"
                        + " INSERT (RUN_ID, WORKFLOW, TRIGGER_, MODE_, EXECUTED, STARTED, OUTCOME, PROC_INST_ID, OWNER_TOKEN, TRIGGERED_AT)"
                        + " VALUES (S.RUN_ID, ?, ?, ?, ?, ?, ?, S.PROC_INST_ID, ?, ?)",
                run.runId(), run.processInstanceId(), run.workflow(), run.trigger(), run.mode(), run.executed(), ts(run.started()),
                RunRecord.RUNNING, run.ownerToken(), ts(run.triggeredAt()));
    }

    /**
     * Records the end of a run once; a second end (a retried transaction, a listener after an abort) does not
     * overwrite the first. Only a clean success of an executed run that was never resumed is a budget sample.
     * @return whether this call ended the run
     */
    public boolean runEnded(String runId, String outcome, String detail, Instant ended) {
        return update("UPDATE HECATE_RUN SET ENDED = ?, OUTCOME = ?, DETAIL = ?, RESUMABLE = FALSE, "
                        + "SAMPLE = (EXECUTED AND NOT RESUMED AND ? = 'succeeded') WHERE RUN_ID = ? AND ENDED IS NULL",
                ts(ended), outcome, clip(detail), outcome, runId) > 0;
    }

    /**
     * Ends a running run whose owner is gone as {@code interrupted} and closes its open stages the same way.
     * @param resumable false when it must never go on (the host restarted under it)
     * @return whether this call ended it (another process may have been first)
     */
    public boolean runInterrupted(String runId, String detail, boolean resumable, Instant at) {
        return inTransaction(c -> {
            closeOpenStages(c, runId, RunRecord.INTERRUPTED, at);
            return executeUpdate(c, "UPDATE HECATE_RUN SET ENDED = ?, OUTCOME = ?, DETAIL = ?, RESUMABLE = ?, SAMPLE = FALSE "
                    + "WHERE RUN_ID = ? AND ENDED IS NULL", ts(at), RunRecord.INTERRUPTED, clip(detail), resumable, runId) > 0;
        });
    }

    /** Ends an interrupted (or still running) run for good: aborted by an operator, or superseded by another run. */
    public boolean runClosed(String runId, String outcome, String detail, Instant at) {
        return inTransaction(c -> {
            closeOpenStages(c, runId, outcome, at);
            return executeUpdate(c, "UPDATE HECATE_RUN SET ENDED = COALESCE(ENDED, ?), OUTCOME = ?, DETAIL = ?, RESUMABLE = FALSE, "
                            + "SAMPLE = FALSE WHERE RUN_ID = ? AND (ENDED IS NULL OR OUTCOME = ?)",
                    ts(at), outcome, clip(detail), runId, RunRecord.INTERRUPTED) > 0;
        });
    }

    /** A resumable interrupted run goes on under a new owner; it is never a budget sample. @return whether it was resumable */
    public boolean runResumed(String runId, long ownerToken) {
        return update("UPDATE HECATE_RUN SET ENDED = NULL, OUTCOME = ?, DETAIL = NULL, OWNER_TOKEN = ?, RESUMED = TRUE, "
                + "RESUMABLE = FALSE, SAMPLE = FALSE WHERE RUN_ID = ? AND OUTCOME = ? AND RESUMABLE", RunRecord.RUNNING, ownerToken,
                runId, RunRecord.INTERRUPTED) > 0;
    }

    /** With the run's end, in one transaction: a reader never sees an ended run with a stage still open. */
    private static void closeOpenStages(Connection c, String runId, String outcome, Instant at) throws SQLException {
        executeUpdate(c, "UPDATE HECATE_STAGE SET ENDED = ?, OUTCOME = ? WHERE RUN_ID = ? AND ENDED IS NULL", ts(at), outcome, runId);
    }

    public void ownerStarted(RunOwner owner) {
        update("INSERT INTO HECATE_OWNER (TOKEN, HOST, BOOT_ID, PID, STARTED, HEARTBEAT, START_TICKS, HEARTBEAT_UPTIME)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", owner.token(), owner.host(), owner.bootId(), owner.pid(), ts(owner.started()),
                ts(owner.heartbeat()), owner.startTicks(), owner.heartbeatUptimeMillis());
    }

    /** The owner's heartbeat, on the wall clock and on this host's boot clock ({@link BootClock}). */
    public void heartbeat(long token, Instant at) {
        update("UPDATE HECATE_OWNER SET HEARTBEAT = ?, HEARTBEAT_UPTIME = ? WHERE TOKEN = ?", ts(at), BootClock.uptimeMillis(), token);
    }

    /** An owner whose engine closed: no heartbeat will come, so its running runs are orphans at once. */
    public void ownerStopped(long token) {
        update("UPDATE HECATE_OWNER SET HEARTBEAT = ?, HEARTBEAT_UPTIME = NULL WHERE TOKEN = ?", ts(Instant.EPOCH), token);
    }

    public Optional<RunOwner> owner(Long token) {
        if (token == null) {
            return Optional.empty();
        }
        return query("SELECT * FROM HECATE_OWNER WHERE TOKEN = ?", RunHistory::owner, token).stream().findFirst();
    }

    /** Interrupted runs that can still go on ({@link RunRecord#interruptedResumable()}), oldest first. */
    public List<RunRecord> resumableRuns() {
        return query("SELECT * FROM HECATE_RUN WHERE OUTCOME = ? AND RESUMABLE ORDER BY STARTED", RunHistory::run,
                RunRecord.INTERRUPTED);
    }

    /** Runs that have not ended, whoever carries them. */
    public List<RunRecord> runningRuns() {
        return query("SELECT * FROM HECATE_RUN WHERE ENDED IS NULL ORDER BY STARTED", RunHistory::run);
    }

    /** Which deployed definition version the run executes, so the viewer draws that diagram and not today's file. */
    public void definitionUsed(String runId, String definitionId) {
        update("UPDATE HECATE_RUN SET DEFINITION_ID = ? WHERE RUN_ID = ? AND DEFINITION_ID IS NULL", definitionId, runId);
    }

    /** Opens a stage row, or reuses the open one for the same stage and node (a job retried after a crash). */
    public void stageStarted(String runId, String stage, String name, String node, Instant at) {
        if (openStage(runId, stage, node).isEmpty()) {
            update("INSERT INTO HECATE_STAGE (RUN_ID, STAGE, NAME, NODE, STARTED) VALUES (?, ?, ?, ?, ?)",
                    runId, stage, name, node, ts(at));
        }
    }

    public void stageEnded(String runId, String stage, String node, String outcome, String detail, Instant at) {
        openStage(runId, stage, node).ifPresent(id ->
                update("UPDATE HECATE_STAGE SET ENDED = ?, OUTCOME = ?, DETAIL = ? WHERE ID = ?", ts(at), outcome, clip(detail), id));
    }

    /**
     * {@link #stageStarted} for many nodes of one stage in one transaction: 200 rows one by one took ~0.5 s. A node
     * whose row for this stage is still open (a job retried after a crash) keeps it.
     */
    public void stagesStarted(String runId, String stage, String name, List<String> nodes, Instant at) {
        batch("INSERT INTO HECATE_STAGE (RUN_ID, STAGE, NAME, NODE, STARTED) SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS ("
                + "SELECT 1 FROM HECATE_STAGE WHERE RUN_ID = ? AND STAGE = ? AND NODE = ? AND ENDED IS NULL)",
                nodes.stream().map(node -> new Object[] {runId, stage, name, node, ts(at), runId, stage, node}).toList());
    }

    /** {@link #stageEnded} for many nodes of one stage in one transaction; each closes its node's latest open row. */
    public void stagesEnded(String runId, String stage, List<StageEnd> ends) {
        batch("UPDATE HECATE_STAGE SET ENDED = ?, OUTCOME = ?, DETAIL = ? WHERE ID = ("
                + "SELECT MAX(ID) FROM HECATE_STAGE WHERE RUN_ID = ? AND STAGE = ? AND NODE = ? AND ENDED IS NULL)",
                ends.stream().map(e -> new Object[] {ts(e.at()), e.outcome(), clip(e.detail()), runId, stage, e.node()}).toList());
    }

    public void action(String runId, String stage, String text, Instant at) {
        update("INSERT INTO HECATE_ACTION (RUN_ID, STAGE, AT_, TEXT_) VALUES (?, ?, ?, ?)", runId, stage, ts(at), clip(text));
    }

    public List<RunRecord> runs(int limit) {
        return query("SELECT * FROM HECATE_RUN ORDER BY STARTED DESC LIMIT ?", RunHistory::run, limit);
    }

    /** One page of the runs that match, newest first. */
    public List<RunRecord> runs(RunFilter filter, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        for (String[] column : new String[][] {{"WORKFLOW", filter.workflow()}, {"OUTCOME", filter.outcome()}, {"TRIGGER_", filter.trigger()}}) {
            if (column[1] != null) {
                where.append(" AND ").append(column[0]).append(" = ?");
                params.add(column[1]);
            }
        }
        params.add(limit);
        params.add(offset);
        return query("SELECT * FROM HECATE_RUN" + where + " ORDER BY STARTED DESC LIMIT ? OFFSET ?", RunHistory::run, params.toArray());
    }

    public Optional<RunRecord> run(String runId) {
        return query("SELECT * FROM HECATE_RUN WHERE RUN_ID = ?", RunHistory::run, runId).stream().findFirst();
    }

    public List<StageRecord> stages(String runId) {
        return query("SELECT * FROM HECATE_STAGE WHERE RUN_ID = ? ORDER BY ID", RunHistory::stage, runId);
    }

    public List<ActionRecord> actions(String runId) {
        return query("SELECT * FROM HECATE_ACTION WHERE RUN_ID = ? ORDER BY ID", RunHistory::action, runId);
    }

    /**
     * Durations ({@link RunRecord#sampleDuration()}) of the latest budget samples of a workflow with one of these
     * triggers (empty = any), newest first.
     */
    public List<Duration> successfulDurations(String workflow, Set<String> triggers, int limit) {
        return samples(workflow, triggers, limit).stream().map(RunRecord::sampleDuration).toList();
    }

    /** The latest budget samples ({@link RunRecord#sample()}) of a workflow with one of these triggers (empty = any), newest first. */
    public List<RunRecord> samples(String workflow, Set<String> triggers, int limit) {
        String triggerFilter = triggers.isEmpty() ? ""
                : " AND TRIGGER_ IN (" + String.join(", ", Collections.nCopies(triggers.size(), "?")) + ")";
        List<Object> params = new ArrayList<>(List.of(workflow));
        params.addAll(triggers);
        params.add(limit);
        return query("SELECT * FROM HECATE_RUN WHERE WORKFLOW = ? AND SAMPLE AND ENDED IS NOT NULL"
                + triggerFilter + " ORDER BY STARTED DESC LIMIT ?", RunHistory::run, params.toArray());
    }

    private Optional<Long> openStage(String runId, String stage, String node) {
        return query("SELECT * FROM HECATE_STAGE WHERE RUN_ID = ? AND STAGE = ? AND ENDED IS NULL AND "
                        + (node == null ? "NODE IS NULL AND ? IS NULL" : "NODE = ?") + " ORDER BY ID DESC LIMIT 1",
                RunHistory::stage, runId, stage, node).stream().map(StageRecord::id).findFirst();
    }

    private static RunRecord run(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getString("RUN_ID"), rs.getString("WORKFLOW"), rs.getString("TRIGGER_"), rs.getString("MODE_"),
                rs.getBoolean("EXECUTED"), instant(rs, "STARTED"), instant(rs, "ENDED"), rs.getString("OUTCOME"),
                rs.getString("DETAIL"), rs.getString("PROC_INST_ID"), rs.getObject("OWNER_TOKEN", Long.class), rs.getBoolean("RESUMED"),
                rs.getBoolean("RESUMABLE"), rs.getBoolean("SAMPLE"), rs.getString("DEFINITION_ID"),
                instant(rs, "TRIGGERED_AT"));
    }

    private static RunOwner owner(ResultSet rs) throws SQLException {
        return new RunOwner(rs.getLong("TOKEN"), rs.getString("HOST"), rs.getString("BOOT_ID"), rs.getLong("PID"),
                instant(rs, "STARTED"), instant(rs, "HEARTBEAT"), rs.getObject("START_TICKS", Long.class),
                rs.getObject("HEARTBEAT_UPTIME", Long.class));
    }

    private static StageRecord stage(ResultSet rs) throws SQLException {
        return new StageRecord(rs.getLong("ID"), rs.getString("RUN_ID"), rs.getString("STAGE"), rs.getString("NAME"),
                rs.getString("NODE"), instant(rs, "STARTED"), instant(rs, "ENDED"), rs.getString("OUTCOME"), rs.getString("DETAIL"));
    }

    private static ActionRecord action(ResultSet rs) throws SQLException {
        return new ActionRecord(rs.getLong("ID"), rs.getString("RUN_ID"), rs.getString("STAGE"), instant(rs, "AT_"),
                rs.getString("TEXT_"));
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... params) {
        return onConnection("read", c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(row.read(rs));
                }
                return result;
            }
        });
    }

    private int update(String sql, Object... params) {
        return onConnection("write", c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                if (params.length == 0) {
                    try (Statement statement = c.createStatement()) {
                        statement.execute(sql);
                        return 0;
                    }
                }
                return executeUpdate(c, sql, params);
            } finally {
                c.setAutoCommit(autoCommit);
                HistoryWrites.happened();
            }
        });
    }

    private void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        ps.setObject(i + 1, row[i]);
                    }
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    /** Writes in one transaction: readers see all of {@code work} or none of it. */
    private <T> T inTransaction(Work<T> work) {
        return onConnection("write", c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.on(c);
                c.commit();
                HistoryWrites.happened();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        });
    }

    /**
     * {@code work} on a connection of the pool, done again on a new one while the file is being handed over
     * ({@link HandOver}); a failure that stays is a {@link HistoryException} that says what could not be done
     * ({@code doing}: read or write).
     */
    private <T> T onConnection(String doing, Work<T> work) {
        try {
            return HandOver.waitedOut(() -> {
                try (Connection c = dataSource.getConnection()) {
                    return work.on(c);
                }
            });
        } catch (SQLException e) {
            throw new HistoryException("cannot " + doing + " the run history: " + e.getMessage(), e);
        }
    }

    private interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    private static int executeUpdate(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static String clip(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }
}
