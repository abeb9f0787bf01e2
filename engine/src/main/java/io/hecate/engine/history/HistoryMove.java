package io.hecate.engine.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the run history an earlier Hecate kept in the engine's own H2 file into the history's file, at the first boot
 * of an engine that keeps them apart, before it records anything. The learned budgets come from these runs, so nothing
 * is dropped before the copy is committed; a boot killed half-way moves again at the next (rows merge by their keys).
 */
public final class HistoryMove {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryMove.class);

    /** Each table with its key, in the order they are copied; they are dropped in the reverse order. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("HECATE_OWNER", "TOKEN");
        TABLES.put("HECATE_RUN", "RUN_ID");
        TABLES.put("HECATE_STAGE", "ID");
        TABLES.put("HECATE_ACTION", "ID");
    }

    /** The tables whose key the database numbers: the next number must follow the rows copied with theirs. */
    private static final List<String> NUMBERED = List.of("HECATE_STAGE", "HECATE_ACTION");
    private static final int BATCH = 500;

    private HistoryMove() {
    }

    /** Moves the history out of {@code engine} into {@code history}; nothing to do when it was moved before. */
    public static void move(DataSource engine, RunHistory history) {
        try {
            if (!holdsHistory(engine)) {
                return;
            }
            // an older Hecate's tables gain this version's columns first, so every row copies as it is
            new RunHistory(engine);
            long runs = 0;
            try (Connection from = engine.getConnection(); Connection to = history.dataSource().getConnection()) {
                to.setAutoCommit(false);
                for (Map.Entry<String, String> table : TABLES.entrySet()) {
                    long rows = copy(from, to, table.getKey(), table.getValue());
                    if (table.getKey().equals("HECATE_RUN")) {
                        runs = rows;
                    }
                }
                to.commit();
                to.setAutoCommit(true);
                for (String table : NUMBERED) {
                    renumber(to, table);
                }
            }
            List<String> tables = new ArrayList<>(TABLES.keySet());
            Collections.reverse(tables);
            try (Connection c = engine.getConnection(); Statement statement = c.createStatement()) {
                statement.executeUpdate("DROP TABLE IF EXISTS " + String.join(", ", tables));
            }
            LOG.info("moved the run history ({} runs) from the engine's H2 file to a file of its own", runs);
        } catch (SQLException e) {
            throw new HistoryException("cannot move the run history out of the engine's H2 file: " + e.getMessage(), e);
        }
    }

    private static boolean holdsHistory(DataSource engine) throws SQLException {
        try (Connection c = engine.getConnection(); Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                        + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'HECATE_RUN'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static long copy(Connection from, Connection to, String table, String key) throws SQLException {
        try (Statement select = from.createStatement(); ResultSet rs = select.executeQuery("SELECT * FROM " + table)) {
            int count = rs.getMetaData().getColumnCount();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                columns.add(rs.getMetaData().getColumnName(i));
            }
            String merge = "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY (" + key + ") VALUES ("
                    + String.join(", ", Collections.nCopies(count, "?")) + ")";
            long rows = 0;
            try (PreparedStatement insert = to.prepareStatement(merge)) {
                while (rs.next()) {
                    for (int i = 1; i <= count; i++) {
                        insert.setObject(i, rs.getObject(i));
                    }
                    insert.addBatch();
                    if (++rows % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            return rows;
        }
    }

    private static void renumber(Connection c, String table) throws SQLException {
        long next;
        try (Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(ID), 0) + 1 FROM " + table)) {
            rs.next();
            next = rs.getLong(1);
        }
        try (Statement statement = c.createStatement()) {
            statement.executeUpdate("ALTER TABLE " + table + " ALTER COLUMN ID RESTART WITH " + next);
        }
    }
}
