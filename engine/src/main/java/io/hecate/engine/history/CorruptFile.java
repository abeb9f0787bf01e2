package io.hecate.engine.history;

import io.hecate.connectors.Causes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.h2.api.ErrorCode;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/**
 * An H2 file that H2 cannot read back: cut short or garbled where its newest data was (a power loss on a file system
 * that kept the file's name but not its last blocks, a failing disk). H2 mends what it can by itself (a header has two
 * copies; a chunk it cannot read is passed over for an older one); what it cannot mend fails every open the same way,
 * and no retry changes that. A process that boots an engine sets such a file aside ({@link #setAside}), so that no
 * startup, shutdown or daemon is kept from running by the record of earlier runs; a reader says what comes next
 * ({@link #WHAT_NEXT}).
 */
public final class CorruptFile {

    /** For a command that only reads: what it tells the operator after the failure. */
    public static final String WHAT_NEXT = "an H2 file of the state dir cannot be read back (corrupt); the next engine start"
            + " (startup, shutdown, etcd-restore or the daemon) sets it aside as FILE.corrupt-TIME and starts a new one";

    /** H2's store could not read the bytes its own header promised, or found them garbled. */
    private static final Set<Integer> STORE_CODES = Set.of(DataUtils.ERROR_READING_FAILED, DataUtils.ERROR_FILE_CORRUPT,
            DataUtils.ERROR_CHUNK_NOT_FOUND, DataUtils.ERROR_BLOCK_NOT_FOUND);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private CorruptFile() {
    }

    /** Whether a failure (anywhere in its causes) is H2 finding a file it cannot read back. */
    public static boolean caused(Throwable failure) {
        return Causes.chain(failure).anyMatch(t -> t instanceof MVStoreException store && STORE_CODES.contains(store.getErrorCode())
                || t instanceof SQLException sql && sql.getErrorCode() == ErrorCode.FILE_CORRUPTED_1);
    }

    /**
     * Renames {@code file} to {@code <file>.corrupt-<UTC time>} beside it, kept for the operator (H2's recovery tool
     * may get rows out of it); H2 then creates a new file under the old name.
     * @return where the file is now
     */
    public static Path setAside(Path file, Instant at) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(at));
        try {
            return Files.move(file, aside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the unreadable " + file + " aside: " + e.getMessage(), e);
        }
    }
}
