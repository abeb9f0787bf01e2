package io.hecate.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigMigratorTest {

    private static final String LEGACY = """
            # Titan's Hecate, as the old service left it.
            cluster_name:   titan        # odd spacing stays

            nodes:
              control_planes: [cp-1, cp-2]
              workers: [w-1]


            ups:   # the rack UPS
              target: rack@localhost:3493
              runtime_safety_factor:   1.10   # legacy default
              debounce_polls: 3

            shutdown:
                default_budget_seconds: 300 # seconds for a full shutdown
                emergency_budget_seconds: 120
            """;

    private static final String MIGRATED = """
            # Titan's Hecate, as the old service left it.
            cluster_name:   titan        # odd spacing stays

            nodes:
              control_planes: [cp-1, cp-2]
              workers: [w-1]


            ups:   # the rack UPS
              target: rack@localhost:3493
              runtime_safety_factor:   1.25   # legacy default
              debounce_polls: 3

            shutdown:
                estimated_shutdown_budget_seconds: 300 # seconds for a full shutdown
                emergency_budget_seconds: 120
            """;

    @TempDir
    Path dir;

    @Test
    void rewritesLegacyDefaultsAndKeepsEveryOtherByte() {
        ConfigMigrator.Result result = ConfigMigrator.migrate(LEGACY);

        assertThat(result.text()).isEqualTo(MIGRATED);
        assertThat(result.changes()).containsExactly(
                "ups.runtime_safety_factor: 1.10 -> ups.runtime_safety_factor: 1.25",
                "shutdown.default_budget_seconds: 300 -> shutdown.estimated_shutdown_budget_seconds: 300");
    }

    @Test
    void keepsASafetyFactorTheOperatorChose() {
        String text = "ups:\n  runtime_safety_factor: 1.5\n";

        ConfigMigrator.Result result = ConfigMigrator.migrate(text);

        assertThat(result.changed()).isFalse();
        assertThat(result.text()).isEqualTo(text);
    }

    @Test
    void treats1Point1AsTheLegacyDefaultToo() {
        assertThat(ConfigMigrator.migrate("ups:\n  runtime_safety_factor: 1.1\n").text())
                .isEqualTo("ups:\n  runtime_safety_factor: 1.25\n");
    }

    @Test
    void movesTopLevelLegacyKeysIntoTheirSections() {
        String text = """
                nodes:
                  control_planes: [cp-1]
                default_budget_seconds: 240   # old place
                runtime_safety_factor: 1.10
                ups:
                  target: rack@localhost
                """;

        ConfigMigrator.Result result = ConfigMigrator.migrate(text);

        assertThat(result.text()).isEqualTo("""
                nodes:
                  control_planes: [cp-1]
                ups:
                  runtime_safety_factor: 1.25
                  target: rack@localhost
                shutdown:
                  estimated_shutdown_budget_seconds: 240   # old place
                """);
        assertThat(result.changes()).containsExactly(
                "default_budget_seconds: 240 -> shutdown.estimated_shutdown_budget_seconds: 240",
                "runtime_safety_factor: 1.10 -> ups.runtime_safety_factor: 1.25");
    }

    @Test
    void movesATopLevelKeyWithTheSectionsOwnIndentation() {
        String text = "nodes:\n    control_planes: [cp-1, cp-2]\nshutdown:\n    retries: 2\ndefault_budget_seconds: 240\n";

        String migrated = ConfigMigrator.migrate(text).text();

        assertThat(migrated).isEqualTo("nodes:\n    control_planes: [cp-1, cp-2]\nshutdown:\n    estimated_shutdown_budget_seconds: 240\n    retries: 2\n");
        assertThat(ConfigLoader.parse(Path.of("hecate.yaml"), migrated).shutdown().estimatedShutdownBudget())
                .isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void aSecondMigrationChangesNothing() {
        String once = ConfigMigrator.migrate(LEGACY).text();

        ConfigMigrator.Result twice = ConfigMigrator.migrate(once);

        assertThat(twice.changed()).isFalse();
        assertThat(twice.text()).isEqualTo(once);
    }

    @Test
    void aFileWithoutTrailingNewlineKeepsNone() {
        assertThat(ConfigMigrator.migrate("ups:\n  runtime_safety_factor: 1.10").text())
                .isEqualTo("ups:\n  runtime_safety_factor: 1.25");
    }

    @Test
    void keepsWindowsLineEndings() {
        assertThat(ConfigMigrator.migrate("# c\r\nups:\r\n  runtime_safety_factor: 1.10\r\n").text())
                .isEqualTo("# c\r\nups:\r\n  runtime_safety_factor: 1.25\r\n");
    }

    @Test
    void leavesCommentedOutKeysAlone() {
        String text = "ups:\n  # runtime_safety_factor: 1.10\n";
        assertThat(ConfigMigrator.migrate(text).changed()).isFalse();
    }

    @Test
    void migratesAFileInPlaceAtomicallyAndTheResultLoads() throws IOException {
        Path file = dir.resolve("hecate.yaml");
        Files.writeString(file, LEGACY);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        ConfigMigrator.Result result = ConfigMigrator.migrateFile(file);

        assertThat(result.changed()).isTrue();
        assertThat(Files.readString(file)).isEqualTo(MIGRATED);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        HecateConfig config = ConfigLoader.load(file);
        assertThat(config.ups().runtimeSafetyFactor()).isEqualTo(1.25);
        assertThat(config.shutdown().estimatedShutdownBudget()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void doesNotTouchAFileThatNeedsNoMigration() throws IOException {
        Path file = dir.resolve("hecate.yaml");
        Files.writeString(file, MIGRATED);
        var modified = Files.getLastModifiedTime(file);

        assertThat(ConfigMigrator.migrateFile(file).changed()).isFalse();

        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
        assertThat(Files.readString(file)).isEqualTo(MIGRATED);
    }

    @Test
    void refusesToWriteAMigrationThatWouldNotLoad() throws IOException {
        Path file = dir.resolve("hecate.yaml");
        String broken = LEGACY + "typo_key: 1\n";
        Files.writeString(file, broken);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigMigrator.migrateFile(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key typo_key");
        assertThat(Files.readString(file)).isEqualTo(broken);
    }

    @Test
    void aMissingFileIsAConfigError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigMigrator.migrateFile(dir.resolve("nope.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.yaml");
    }
}
