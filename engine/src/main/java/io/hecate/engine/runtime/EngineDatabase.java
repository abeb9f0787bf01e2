package io.hecate.engine.runtime;

import io.hecate.engine.history.RunHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The H2 file under {@code <state_dir>/engine}. AUTO_SERVER lets the CLI and the daemon share it: the first
 * JVM serves it on loopback, the others connect through it.
 */
public final class EngineDatabase {

    static final String USER = "sa";

    private EngineDatabase() {
    }

    public static String jdbcUrl(Path engineDir) {
        return "jdbc:h2:file:" + engineDir.toAbsolutePath().resolve("hecate") + ";AUTO_SERVER=TRUE";
    }

    /**
     * A small connection pool outside Camunda's, for the run history: readers that do not boot the engine
     * ({@code hecate status}, {@code hecate runs}) and delegates recording per-node stages. Whoever keeps it
     * open for long disposes it, so the database is not held open after the engine closed.
     */
    /** The run history straight from H2 without booting the engine; empty when no run was ever recorded. */
    public static Optional<RunHistory> existingHistory(Path engineDir) {
        if (!Files.exists(engineDir.resolve("hecate.mv.db"))) {
            return Optional.empty();
        }
        return Optional.of(new RunHistory(dataSource(engineDir)));
    }

    public static JdbcConnectionPool dataSource(Path engineDir) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(jdbcUrl(engineDir));
        dataSource.setUser(USER);
        dataSource.setPassword("");
        return JdbcConnectionPool.create(dataSource);
    }
}
