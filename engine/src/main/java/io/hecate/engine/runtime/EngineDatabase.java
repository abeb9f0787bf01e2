package io.hecate.engine.runtime;

import io.hecate.connectors.Retry;
import io.hecate.engine.history.CorruptFile;
import io.hecate.engine.history.HandOver;
import io.hecate.engine.history.HistoryException;
import io.hecate.engine.history.RunHistory;
import io.hecate.engine.history.UnwritableStateDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.ConnectionPoolDataSource;
import javax.sql.PooledConnection;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The two H2 files under {@code <state_dir>/engine}: Camunda's ({@code hecate.mv.db}) and the run history's
 * ({@code history.mv.db}). The history has a file of its own so that a reader ({@code hecate status},
 * {@code hecate runs}) opens four small tables, not also Camunda's 43 tables and their indexes, which H2 rebuilds from
 * its metadata on every open of their file (~95 ms of such a command). AUTO_SERVER lets the CLI and the daemon share
 * each file: the first process serves it on loopback, the others connect through it. WRITE_DELAY=0: a commit is in
 * the file before the call returns, so a process killed right after it (kill -9, Ctrl-C's halt, a host that then loses
 * power with the OS flushing) does not lose the history it wrote. QUERY_CACHE_SIZE=256: every connection keeps the
 * parsed form of the statements it ran (H2 keeps 8 by default, fewer than one run step uses, so each was parsed again:
 * a tenth of a step's time). CACHE_SIZE=4096 (KB) per file: with H2's default (16 MB) an idle daemon's cache held
 * ~9 MB of pages of Camunda's file, whose live data is ~2 MB; 4 MB keeps the daemon's resident memory where it was
 * with one file. {@code async:} (H2's file system over an AsynchronousFileChannel, each read and write awaited without
 * giving in to an interrupt, which it then hands back): with a plain file channel, an interrupt that reaches a thread
 * in the middle of a write (an executor stopped at once, a delegate that keeps its interrupt) closes the file under H2,
 * and that write fails with every later one of the process (the run's end, the owner's stop).
 */
public final class EngineDatabase {

    static final String USER = "sa";
    private static final String ENGINE = "hecate";
    private static final String HISTORY = "history";
    private static final String STORE = ".mv.db";
    /** H2 opens the file for reading only: no write, no lock file, no compaction at close. */
    private static final String READ_ONLY = ";ACCESS_MODE_DATA=r";

    private EngineDatabase() {
    }

    /** Camunda's file. */
    public static String jdbcUrl(Path engineDir) {
        return url(engineDir, ENGINE);
    }

    /** The run history's file. */
    public static String historyUrl(Path engineDir) {
        return url(engineDir, HISTORY);
    }

    private static String url(Path engineDir, String file) {
        return aloneUrl(engineDir, file) + ";AUTO_SERVER=TRUE";
    }

    /**
     * A database in this process's memory, kept until the process ends: an unrecorded engine's, when the state dir
     * cannot be written ({@link UnwritableStateDir}). {@code name} tells this process's databases apart.
     */
    public static String inMemoryUrl(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    /** The file of {@link #jdbcUrl}. */
    public static Path engineFile(Path engineDir) {
        return engineDir.resolve(ENGINE + STORE);
    }

    /** The file of {@link #historyUrl}. */
    public static Path historyStore(Path engineDir) {
        return engineDir.resolve(HISTORY + STORE);
    }

    /**
     * Sets one of the two files aside ({@link CorruptFile#setAside}) when {@code failure} says H2 cannot read it back
     * and no process serves it: a process that serves a file has read it, and keeps a lock file beside it. For a process
     * that boots an engine, under the boot lock (no other boot sets the same file aside meanwhile).
     * @return where the file is now; empty when the failure is another, or the file is served
     */
    public static Optional<Path> setAsideWhenCorrupt(Path file, Throwable failure, Instant at) {
        String name = file.getFileName().toString();
        Path lock = file.resolveSibling(name.substring(0, name.length() - STORE.length()) + ".lock.db");
        if (!CorruptFile.caused(failure) || !Files.exists(file) || Files.exists(lock)) {
            return Optional.empty();
        }
        return Optional.of(CorruptFile.setAside(file, at));
    }

    /** Without AUTO_SERVER: H2's default lock, the file's own (FILE_LOCK=FS), for a process that never serves it. */
    private static String aloneUrl(Path engineDir, String file) {
        return "jdbc:h2:file:async:" + engineDir.toAbsolutePath().resolve(file)
                + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=256;CACHE_SIZE=4096";
    }

    /**
     * The file that holds the run history: its own once an engine of this version has booted; until then the engine's,
     * where an earlier Hecate kept it (the engine's boot moves it: {@link io.hecate.engine.history.HistoryMove}); empty
     * when neither exists. A file this process cannot even look for (the service's state dir, 0750, to a user outside
     * its group) is no missing history: that would read as "no runs recorded yet".
     */
    private static Optional<String> historyFile(Path engineDir) {
        for (String file : List.of(HISTORY, ENGINE)) {
            try {
                Files.readAttributes(engineDir.resolve(file + STORE), BasicFileAttributes.class);
                return Optional.of(file);
            } catch (NoSuchFileException e) {
                // not this one
            } catch (IOException e) {
                throw StateDirProblem.of(engineDir, "look for the run history in", e);
            }
        }
        return Optional.empty();
    }

    /** The run history straight from H2 without booting the engine, to be closed; empty when no run was ever recorded. */
    public static Optional<RunHistory> existingHistory(Path engineDir) {
        return historyFile(engineDir).flatMap(file -> served(engineDir, file));
    }

    /**
     * The history in {@code file}, through the process that serves it (this one, when none does). On a file system
     * that refuses writes ({@link UnwritableStateDir}) no process can serve it (H2 must write a lock file; on a read-only
     * one it refuses AUTO_SERVER outright) and nothing can be written to it meanwhile: the file is read as it is.
     */
    private static Optional<RunHistory> served(Path engineDir, String file) {
        try {
            return RunHistory.existing(pool(url(engineDir, file)));
        } catch (HistoryException e) {
            if (UnwritableStateDir.seen(engineDir.getParent(), e).isEmpty()) {
                throw e;
            }
            emptyLockRemoved(engineDir.resolve(file + ".lock.db"));
            return RunHistory.existing(JdbcConnectionPool.create(aloneUrl(engineDir, file) + READ_ONLY, USER, ""));
        }
    }

    /**
     * The run history for one short read by a process that boots no engine and keeps nothing open ({@code hecate status},
     * {@code hecate runs}): opened alone when no other process has the file, else through the process that serves it,
     * as {@link #existingHistory}. Alone, it starts no loopback server and skips the lock-file protocol (~50 ms of a
     * command that takes ~0.4 s); for the few milliseconds of its read, a process that opens the file then waits for
     * it as for a hand-over. Never for a process that boots an engine while it is open: the engine would then not serve
     * the file to the others. A lock file says a process serves the file (or served it and was killed): no attempt alone.
     * Alone, the file is opened read-only unless a run is recorded as running, which the reader's orphan sweep may have
     * to end: opened for writing, H2 writes to the file at every open and close (it grew ~8 KB per read) and compacts it
     * at close (50-100 ms of each read here), so every read rewrote the history it read.
     */
    public static Optional<RunHistory> existingHistoryForOneRead(Path engineDir) {
        Optional<String> found = historyFile(engineDir);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String file = found.get();
        if (Files.exists(engineDir.resolve(file + ".lock.db"))) {
            return served(engineDir, file);
        }
        Optional<RunHistory> readOnly;
        try {
            readOnly = alone(engineDir, file, READ_ONLY);
        } catch (HistoryException e) {
            // a file H2 must repair first (its writer was killed mid-write) opens for writing only
            return alone(engineDir, file, "");
        }
        if (readOnly.isEmpty() || readOnly.get().runningRuns().isEmpty()) {
            return readOnly;
        }
        readOnly.get().close();
        return alone(engineDir, file, "");
    }

    /**
     * On a full file system H2 creates a lock file and fails to write what it holds (the serving process's address):
     * such an empty lock file, which no process can serve through, kept every reader from the file until space was
     * freed. Removed, the history reads as it is. A lock file that names a process is kept.
     */
    private static void emptyLockRemoved(Path lock) {
        try {
            if (Files.size(lock) == 0) {
                Files.deleteIfExists(lock);
            }
        } catch (IOException e) {
            // none, or one this process cannot remove: the read below says what keeps it from the file
        }
    }

    /** The history in {@code file}, opened by this process alone ({@code mode} ends its URL) or through one that took it meanwhile. */
    private static Optional<RunHistory> alone(Path engineDir, String file, String mode) {
        JdbcConnectionPool alone = JdbcConnectionPool.create(aloneUrl(engineDir, file) + mode, USER, "");
        try {
            alone.getConnection().close();
        } catch (SQLException e) {
            alone.dispose();
            if (HandOver.caused(e)) {
                // another process opened it meanwhile (an engine may have moved the history to its own file since)
                return existingHistory(engineDir);
            }
            throw new HistoryException("cannot read the run history: " + e.getMessage(), e);
        }
        return RunHistory.existing(alone);
    }

    /**
     * A small connection pool outside Camunda's, over the run history's file: for the engine, readers that do not boot
     * it ({@code hecate status}, {@code hecate runs}) and delegates recording per-node stages. Whoever keeps it open for
     * long disposes it, so the file is not held open after the engine closed.
     */
    public static JdbcConnectionPool historyPool(Path engineDir) {
        return pool(historyUrl(engineDir));
    }

    /** A pool over Camunda's file, for a reader of what the engine deployed and ran (the run viewer's diagrams). */
    public static JdbcConnectionPool enginePool(Path engineDir) {
        return pool(jdbcUrl(engineDir));
    }

    /** A pool over {@code jdbcUrl} that waits out a hand-over (see {@link TakeOverTolerant}). */
    public static JdbcConnectionPool pool(String jdbcUrl) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(USER);
        dataSource.setPassword("");
        return JdbcConnectionPool.create(new TakeOverTolerant(dataSource));
    }

    /** A connection taken while the file is being handed over ({@link HandOver}) is taken again. */
    private record TakeOverTolerant(JdbcDataSource h2) implements ConnectionPoolDataSource {

        @Override
        public PooledConnection getPooledConnection() throws SQLException {
            return connect(h2::getPooledConnection);
        }

        @Override
        public PooledConnection getPooledConnection(String user, String password) throws SQLException {
            return connect(() -> h2.getPooledConnection(user, password));
        }

        @Override
        public PrintWriter getLogWriter() {
            return h2.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            h2.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) {
            h2.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() {
            return h2.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return h2.getParentLogger();
        }

        private static PooledConnection connect(Retry.Attempt<PooledConnection, SQLException> connect) throws SQLException {
            return HandOver.waitedOut(connect);
        }
    }
}
