package io.hecate.engine.intent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hecate.engine.FileMutex;
import io.hecate.engine.history.RunOwner;
import java.io.ByteArrayOutputStream;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and atomically writes intent.json (write to a temp file in the same directory, fsync, rename). Through Jackson's
 * streaming parser and generator: its object mapper took ~50 ms of CPU to start in every {@code hecate status}, for
 * five fields.
 */
public final class IntentStore {

    private static final JsonFactory JSON = new JsonFactory();

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
            Map<String, String> fields = fields(bytes);
            if (!fields.containsKey("state")) {
                return IntentReading.corrupt(file + ": no \"state\" field");
            }
            return IntentReading.of(new Intent(
                    IntentState.fromWire(fields.get("state")),
                    fields.getOrDefault("reason", ""),
                    Instant.parse(fields.getOrDefault("time", Instant.EPOCH.toString())),
                    fields.getOrDefault("host", ""),
                    fields.getOrDefault("run_id", "")));
        } catch (IOException | RuntimeException e) {
            return IntentReading.corrupt(file + ": corrupt (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /**
     * The top-level fields of a JSON object, each as its text (an object or array as empty, a null as absent, the last of
     * a repeated name); none when the document is no object. What follows the object is not read.
     */
    private static Map<String, String> fields(byte[] bytes) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return fields;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    parser.skipChildren();
                    fields.put(name, "");
                } else if (value == JsonToken.VALUE_NULL) {
                    fields.remove(name);
                } else {
                    fields.put(name, parser.getText());
                }
            }
        }
        return fields;
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
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".intent", ".tmp");
            try {
                try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(json(intent)));
                    channel.force(true);
                }
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                // left only by a write that failed (a full file system): the intent file itself is as it was
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write intent", e);
        }
        return intent;
    }

    private static byte[] json(Intent intent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes).useDefaultPrettyPrinter()) {
            json.writeStartObject();
            json.writeStringField("state", intent.state().wire());
            json.writeStringField("reason", intent.reason());
            json.writeStringField("time", intent.time().toString());
            json.writeStringField("host", intent.host());
            json.writeStringField("run_id", intent.runId());
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }
}
