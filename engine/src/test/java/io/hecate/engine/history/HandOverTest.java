package io.hecate.engine.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;

class HandOverTest {

    @Test
    void aBrokenOrClosedSessionAnywhereInTheCausesIsAHandOver() {
        SQLException broken = new SQLException("Connection is broken: \"session closed\"", "08000", ErrorCode.CONNECTION_BROKEN_1);

        assertThat(HandOver.caused(new RuntimeException("persistence layer", new IllegalStateException(broken)))).isTrue();
        assertThat(HandOver.caused(new SQLException("Database is already closed", "90121", ErrorCode.DATABASE_CALLED_AT_SHUTDOWN))).isTrue();
        assertThat(HandOver.caused(new SQLException("Database may be already in use", "90020", ErrorCode.DATABASE_ALREADY_OPEN_1))).isTrue();
    }

    /** As H2 2.3.232 passed it on from the stopping server (seen in two dry runs started together). */
    @Test
    void aTransactionTheServersStoreClosedIsAHandOverAndNoOtherGeneralError() {
        assertThat(HandOver.caused(new SQLException("General error: \"org.h2.mvstore.MVStoreException: Transaction 1 is closed"
                + " [2.3.232/4]\"; SQL statement:\nselect * from ACT_RU_JOB [50000-232]", "HY000", ErrorCode.GENERAL_ERROR_1))).isTrue();

        assertThat(HandOver.caused(new SQLException("General error: \"org.h2.mvstore.MVStoreException: File corrupted in chunk 7"
                + " [2.3.232/6]\" [50000-232]", "HY000", ErrorCode.GENERAL_ERROR_1))).isFalse();
        assertThat(HandOver.caused(new SQLException("Table \"ACT_RU_JOB\" not found", "42S02", ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1)))
                .isFalse();
        assertThat(HandOver.caused(new RuntimeException("no SQL here"))).isFalse();
    }

    /** As H2 2.3.232 said it on a full tmpfs: the lock file it needs to serve the file could not be written. */
    @Test
    void aFileSystemThatRefusesWritesIsNoHandOverAndIsNotWaitedFor() {
        SQLException noSpace = new SQLException("Error opening database: \"Could not save properties async:/s/engine/history.lock.db\""
                + " [8000-232]", "08001", ErrorCode.ERROR_OPENING_DATABASE_1, new IOException("No space left on device"));
        AtomicInteger tries = new AtomicInteger();

        assertThat(HandOver.caused(noSpace)).isFalse();
        assertThat(HandOver.caused(new SQLException("Error opening database", "08001", ErrorCode.ERROR_OPENING_DATABASE_1,
                new FileSystemException("/s/engine/history.lock.db", null, "Read-only file system")))).isFalse();
        assertThatThrownBy(() -> HandOver.waitedOut(() -> {
            tries.incrementAndGet();
            throw noSpace;
        })).isSameAs(noSpace);
        assertThat(tries).hasValue(1);
    }

    @Test
    void tellsEachHandOverAndTriesAgainUntilTheWorkIsDone() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        List<Exception> seen = new ArrayList<>();

        String done = HandOver.waitedOut(() -> {
            if (tries.incrementAndGet() < 3) {
                throw new SQLException("Connection is broken", "08000", ErrorCode.CONNECTION_BROKEN_1);
            }
            return "done";
        }, seen::add);

        assertThat(done).isEqualTo("done");
        assertThat(tries).hasValue(3);
        assertThat(seen).hasSize(2);
    }

    @Test
    void anyOtherFailureIsThrownAtOnce() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> HandOver.waitedOut(() -> {
            tries.incrementAndGet();
            throw new SQLException("Syntax error", "42000", ErrorCode.SYNTAX_ERROR_1);
        })).hasMessage("Syntax error");
        assertThat(tries).hasValue(1);
    }
}
