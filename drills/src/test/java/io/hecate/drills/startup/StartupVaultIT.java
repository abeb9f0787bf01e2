package io.hecate.drills.startup;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hecate.engine.history.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The unseal key sources in order, and that no key ever reaches the history, the variables, the H2 files or the log. */
class StartupVaultIT {

    @TempDir
    Path dir;
    @TempDir
    Path secrets;
    private StartupLab lab;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void close() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void findsTheVaultPodsAtTheirNewAddressesAfterAColdStart() {
        lab = new StartupLab(dir);
        List<String> before = lab.lab.vault().addresses();
        lab.coldAfterEmergency();
        List<String> after = lab.lab.vault().addresses();
        assertThat(after).hasSize(before.size()).doesNotContainAnyElementsOf(before);
        assertThat(lab.lab.vault().podIps()).doesNotContainAnyElementsOf(before.stream()
                .map(a -> a.replaceAll("^http://|:\\d+$", "")).toList());
        assertThat(lab.config().startup().vaultAddresses()).isEmpty();

        RunRecord run = lab.startup(Map.of());

        assertThat(run.outcome()).as(lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(lab.lab.vault().unsealedCount()).isEqualTo(lab.lab.vault().podCount());
        for (int i = 0; i < after.size(); i++) {
            assertThat(lab.actions(run.runId()))
                    .contains("UnsealVault: vault pod " + lab.lab.vault().podName(i) + " at " + after.get(i))
                    .contains("UnsealVault: vault " + after.get(i) + " unsealed");
        }
    }

    @Test
    void unsealsFromTheKeyFileWhenTheSecretIsUnreadable() throws IOException {
        lab = new StartupLab(dir);
        Path keys = keyFile("rw-------");
        lab.set("vault_unseal_key_file", keys.toString()).coldAfterEmergency();
        lab.lab.faults().vaultSecretUnreadable(true);

        RunRecord run = lab.startup(Map.of());

        assertThat(run.outcome()).as(lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(lab.lab.vault().unsealedCount()).isEqualTo(lab.lab.vault().podCount());
        assertThat(lab.actions(run.runId())).contains("UnsealVault: unseal keys from key file " + keys);
        assertNoKeyAnywhere(run.runId());
    }

    @Test
    void refusesAKeyFileReadableByOthers() throws IOException {
        lab = new StartupLab(dir);
        lab.set("vault_unseal_key_file", keyFile("rw-r--r--").toString()).coldAfterEmergency();
        lab.lab.faults().vaultSecretUnreadable(true);

        RunRecord run = lab.startup(Map.of());

        assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
        assertThat(run.detail()).isEqualTo("Vault still sealed");
        assertThat(lab.actions(run.runId())).anyMatch(a -> a.contains("mode rw-r--r-- is looser than 0600"));
        assertThat(lab.lab.vault().sealed()).isTrue();
        assertNoKeyAnywhere(run.runId());
    }

    @Test
    void unsealsWithTheBreakGlassCommandWhenNothingElseWorks() throws IOException {
        lab = new StartupLab(dir);
        Path script = secrets.resolve("breakglass.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' " + String.join(" ", lab.lab.vault().unsealKeys()) + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        lab.set("vault_unseal_key_file", secrets.resolve("missing").toString())
                .set("vault_unseal_breakglass_command", script.toString()).coldAfterEmergency();
        lab.lab.faults().vaultSecretUnreadable(true);

        RunRecord run = lab.startup(Map.of());

        assertThat(run.outcome()).as(lab.explain(run.runId())).isEqualTo(RunRecord.SUCCEEDED);
        assertThat(lab.actions(run.runId())).contains("UnsealVault: unseal keys from the break-glass command");
        assertNoKeyAnywhere(run.runId());
    }

    @Test
    void blamesTheBreakGlassCommandNotTheKeyFileWhenItsKeysAreWrong() throws IOException {
        lab = new StartupLab(dir);
        Path script = secrets.resolve("breakglass.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' not-a-share-1 not-a-share-2 not-a-share-3\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        lab.set("vault_unseal_breakglass_command", script.toString()).coldAfterEmergency();
        lab.lab.faults().vaultSecretUnreadable(true);

        RunRecord run = lab.startup(Map.of());

        assertThat(run.outcome()).isEqualTo(RunRecord.FAILED);
        assertThat(lab.actions(run.runId())).filteredOn(a -> a.startsWith("UnsealVault: warning: vault "))
                .isNotEmpty()
                .allMatch(a -> a.contains("keys from startup.vault_unseal_breakglass_command"))
                .noneMatch(a -> a.contains("vault_unseal_key_file") || a.contains("the unseal key file"));
    }

    private Path keyFile(String mode) throws IOException {
        Path file = secrets.resolve("unseal-keys");
        Files.write(file, lab.lab.vault().unsealKeys());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private void assertNoKeyAnywhere(String runId) throws IOException {
        List<String> places = new ArrayList<>(lab.actions(runId));
        places.add(lab.timeline(runId));
        lab.engine().processEngine().getHistoryService().createHistoricVariableInstanceQuery().list()
                .forEach(v -> places.add(v.getName() + "=" + v.getValue()));
        synchronized (log) { // the appender adds under its own lock from every thread, to a plain list
            log.list.forEach(e -> places.add(e.getFormattedMessage()));
        }
        try (Stream<Path> files = Files.walk(lab.config().stateDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                places.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        for (String key : lab.lab.vault().unsealKeys()) {
            assertThat(places).noneMatch(place -> place.contains(key));
        }
    }
}
