package io.hecate.cli;

import io.hecate.engine.config.ConfigException;
import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.config.HecateConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --config option every command that acts on the cluster shares. */
final class ConfigOption {

    static final String DEFAULT = "/etc/hecate/hecate.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = DEFAULT,
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path file;

    HecateConfig load() {
        return load(file);
    }

    /** {@code file} as every command reads it; a missing file names the option and the default. */
    static HecateConfig load(Path file) {
        if (!Files.exists(file)) {
            throw new ConfigException(file + ": no such file; pass --config FILE (" + DEFAULT + " is the default;"
                    + " 'bin/hecate lab' prints a lab's config, configs/hecate.example.yaml lists every key)");
        }
        return ConfigLoader.load(file);
    }
}
