package io.hecate.workflows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hecate.connectors.kube.FluxKind;
import io.hecate.connectors.kube.FluxRef;
import io.hecate.engine.config.HecateConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** {@code <state_dir>/flux-suspended.json}: the Flux objects Hecate suspended, for startup to resume. */
public final class FluxSuspensions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public FluxSuspensions(Path file) {
        this.file = file;
    }

    /** The list in the config's state dir. */
    public static FluxSuspensions of(HecateConfig config) {
        return new FluxSuspensions(config.stateDir().resolve("flux-suspended.json"));
    }

    public List<FluxRef> read() {
        try {
            List<Map<String, String>> entries = JSON.readValue(Files.readAllBytes(file), new TypeReference<>() { });
            return entries.stream()
                    .map(e -> new FluxRef(FluxKind.valueOf(e.get("kind")), e.get("namespace"), e.get("name")))
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + ": unreadable list of suspended Flux objects (" + e.getMessage() + ")", e);
        }
    }

    public void write(List<FluxRef> refs) {
        List<Map<String, String>> entries = new LinkedHashSet<>(refs).stream()
                .map(r -> Map.of("kind", r.kind().name(), "namespace", r.namespace(), "name", r.name()))
                .toList();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".flux-suspended", ".tmp");
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write", e);
        }
    }
}
