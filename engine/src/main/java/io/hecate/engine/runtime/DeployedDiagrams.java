package io.hecate.engine.runtime;

import io.hecate.engine.history.HandOver;
import io.hecate.engine.history.HistoryException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What a run executed, read with plain JDBC from Camunda's own tables (no engine boot): the BPMN of the
 * deployed definition version, and the elements the process instance passed through (gateways and events
 * too, which the run history does not record).
 */
public final class DeployedDiagrams {

    /** One element the run passed through; {@code ended} is null while it is active. */
    public record Visit(String elementId, String type, Instant started, Instant ended) {
    }

    private final DataSource dataSource;

    public DeployedDiagrams(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The BPMN XML of a deployed definition version, e.g. {@code hecate-shutdown:3:1f0c...}. */
    public Optional<String> bpmn(String definitionId) {
        return query("SELECT B.BYTES_ FROM ACT_RE_PROCDEF D JOIN ACT_GE_BYTEARRAY B"
                        + " ON B.DEPLOYMENT_ID_ = D.DEPLOYMENT_ID_ AND B.NAME_ = D.RESOURCE_NAME_ WHERE D.ID_ = ?",
                rs -> new String(rs.getBytes(1), StandardCharsets.UTF_8), definitionId).stream().findFirst();
    }

    /** For runs recorded before the history kept the definition: Camunda's own record of the process instance. */
    public Optional<String> definitionOf(String processInstanceId) {
        return query("SELECT PROC_DEF_ID_ FROM ACT_HI_PROCINST WHERE PROC_INST_ID_ = ?", rs -> rs.getString(1), processInstanceId)
                .stream().findFirst();
    }

    /** The elements of the top process instance in the order they started. */
    public List<Visit> visits(String processInstanceId) {
        return query("SELECT ACT_ID_, ACT_TYPE_, START_TIME_, END_TIME_ FROM ACT_HI_ACTINST WHERE PROC_INST_ID_ = ?"
                        + " ORDER BY START_TIME_, SEQUENCE_COUNTER_",
                rs -> new Visit(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4))),
                processInstanceId);
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, String param) {
        try {
            return HandOver.waitedOut(() -> {
                try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, param);
                    try (ResultSet rs = ps.executeQuery()) {
                        List<T> result = new ArrayList<>();
                        while (rs.next()) {
                            result.add(row.read(rs));
                        }
                        return result;
                    }
                }
            });
        } catch (SQLException e) {
            throw new HistoryException("cannot read Camunda's deployments and history: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
