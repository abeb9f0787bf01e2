package io.hecate.cli;

import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.config.HecateConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --config option every command that acts on the cluster shares. */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/hecate/hecate.yaml",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path file;

    HecateConfig load() {
        return ConfigLoader.load(file);
    }
}
