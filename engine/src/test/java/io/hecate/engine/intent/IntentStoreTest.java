package io.hecate.engine.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntentStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-24T06:15:02Z");

    @TempDir
    Path dir;

    private IntentStore store() {
        return new IntentStore(dir.resolve("state").resolve("intent.json"), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void readsBackWhatItWrote() {
        IntentStore store = store();

        Intent written = store.write(IntentState.SHUTTING_DOWN, "ups on battery", "20261124-061502-3fa9");
        IntentReading reading = store.read();

        assertThat(reading.corrupt()).isFalse();
        assertThat(reading.intent()).contains(written);
        assertThat(written.time()).isEqualTo(NOW);
        assertThat(written.host()).isNotBlank();
        assertThat(reading.effectiveState()).contains(IntentState.SHUTTING_DOWN);
        assertThat(reading.describe()).startsWith("shutting_down since 2026-11-24T06:15:02Z (ups on battery, run 20261124-061502-3fa9)");
    }

    @Test
    void writesTheWireFormat() throws IOException {
        IntentStore store = store();

        store.write(IntentState.STARTUP_IN_PROGRESS, "boot", "r1");

        assertThat(Files.readString(store.file()))
                .contains("\"state\" : \"startup_in_progress\"", "\"run_id\" : \"r1\"", "\"time\" : \"2026-11-24T06:15:02Z\"");
    }

    @Test
    void overwritesAndLeavesNoTempFilesBehind() throws IOException {
        IntentStore store = store();

        store.write(IntentState.SHUTTING_DOWN, "a", "r1");
        store.write(IntentState.SHUTDOWN_COMPLETE, "b", "r1");

        assertThat(store.read().effectiveState()).contains(IntentState.SHUTDOWN_COMPLETE);
        try (Stream<Path> files = Files.list(store.file().getParent())) {
            assertThat(files).containsExactly(store.file());
        }
    }

    @Test
    void aMissingFileMeansNormal() {
        IntentReading reading = store().read();

        assertThat(reading).isEqualTo(IntentReading.missing());
        assertThat(reading.corrupt()).isFalse();
        assertThat(reading.effectiveState()).contains(IntentState.NORMAL);
        assertThat(reading.describe()).isEqualTo("normal (no intent file yet)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{not json",
        "{\"state\": \"normal\"",
        "{\"state\": \"normal\", \"reason\": [\"cut short\"",
        "",
        "[]",
        "{\"reason\": \"no state\"}",
        "{\"state\": null}",
        "{\"state\": \"sleeping\"}",
        "{\"state\": \"normal\", \"time\": \"yesterday\"}",
    })
    void aCorruptFileIsUnknownAndNamesTheFile(String content) throws IOException {
        IntentStore store = store();
        Files.createDirectories(store.file().getParent());
        Files.writeString(store.file(), content);

        IntentReading reading = store.read();

        assertThat(reading.corrupt()).isTrue();
        assertThat(reading.problem()).startsWith(store.file().toString() + ": ");
        assertThat(reading.effectiveState()).isEmpty();
        assertThat(reading.describe()).startsWith("unknown (" + store.file());
    }

    @Test
    void anUnknownStateIsNamed() throws IOException {
        IntentStore store = store();
        Files.createDirectories(store.file().getParent());
        Files.writeString(store.file(), "{\"state\": \"sleeping\"}");

        assertThat(store.read().problem()).contains("sleeping");
    }

    @Test
    void fieldsItDoesNotKnowAreSkippedWhateverTheirShape() throws IOException {
        IntentStore store = store();
        Files.createDirectories(store.file().getParent());
        Files.writeString(store.file(), "{\"note\": {\"by\": [\"a\", {\"b\": null}]}, \"state\": \"shutdown_complete\","
                + " \"reason\": 7, \"host\": null, \"run_id\": \"r9\"}");

        Intent intent = store.read().intent().orElseThrow();

        assertThat(intent).isEqualTo(new Intent(IntentState.SHUTDOWN_COMPLETE, "7", Instant.EPOCH, "", "r9"));
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsCorrupt() throws IOException {
        IntentStore store = store();
        Files.createDirectories(store.file());

        IntentReading reading = store.read();

        assertThat(reading.corrupt()).isTrue();
        assertThat(reading.effectiveState()).isEmpty();
    }

    @Test
    void shutdownStatesAreActive() {
        assertThat(IntentState.SHUTTING_DOWN.shutdownActive()).isTrue();
        assertThat(IntentState.SHUTDOWN_COMPLETE.shutdownActive()).isTrue();
        assertThat(IntentState.NORMAL.shutdownActive()).isFalse();
        assertThat(IntentState.STARTUP_IN_PROGRESS.shutdownActive()).isFalse();
    }
}
