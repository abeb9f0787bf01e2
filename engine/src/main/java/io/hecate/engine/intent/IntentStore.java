package io.hecate.engine.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hecate.engine.FileMutex;
import io.hecate.engine.history.RunOwner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Reads and atomically writes intent.json (write to a temp file in the same directory, fsync, rename). */
public final class IntentStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Clock clock;

    public IntentStore(Path file) {
        this(file, Clock.systemUTC());
    }

    public IntentStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    public IntentReading read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return IntentReading.missing();
        } catch (IOException e) {
            return IntentReading.corrupt(file + ": cannot read (" + e.getMessage() + ")");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject() || !node.hasNonNull("state")) {
                return IntentReading.corrupt(file + ": no \"state\" field");
            }
            return IntentReading.of(new Intent(
                    IntentState.fromWire(node.get("state").asText()),
                    node.path("reason").asText(""),
                    Instant.parse(node.path("time").asText(Instant.EPOCH.toString())),
                    node.path("host").asText(""),
                    node.path("run_id").asText("")));
        } catch (IOException | RuntimeException e) {
            return IntentReading.corrupt(file + ": corrupt (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /**
     * Compare-and-set on the run id, under a lock across processes: a state that {@link IntentState#claims()}
     * is written for any run; any other only while {@code runId} holds the intent (a superseded startup cannot
     * turn a shutdown's intent back to normal).
     * @return the intent written, or empty (nothing written) when another run holds it; read it to say which
     */
    public Optional<Intent> writeFor(String runId, IntentState state, String reason) {
        try (FileMutex lock = FileMutex.acquire(file.toAbsolutePath().resolveSibling(".intent.lock"))) {
            IntentReading current = read();
            boolean held = current.intent().map(i -> i.runId().equals(runId)).orElse(false);
            if (!state.claims() && !held && current.intent().isPresent()) {
                return Optional.empty();
            }
            return Optional.of(write(state, reason, runId));
        }
    }

    public Intent write(IntentState state, String reason, String runId) {
        Intent intent = new Intent(state, reason, clock.instant(), RunOwner.thisHost(), runId);
        ObjectNode node = JSON.createObjectNode()
                .put("state", state.wire())
                .put("reason", reason)
                .put("time", intent.time().toString())
                .put("host", intent.host())
                .put("run_id", runId);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".intent", ".tmp");
            try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node)));
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write intent", e);
        }
        return intent;
    }
}
