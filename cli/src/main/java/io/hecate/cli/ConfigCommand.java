package io.hecate.cli;

import io.hecate.engine.config.ConfigLoader;
import io.hecate.engine.config.ConfigMigrator;
import io.hecate.engine.config.HecateConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Check or migrate a configuration file.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Migrate.class})
final class ConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw ParentCommand.missingCommand(spec);
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = {"Validate a file and list every mistake in it.",
            "Each mistake names file:line, the key, the value and what it must be; exit 2 when there is any."})
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The configuration file to check, e.g. /etc/hecate/hecate.yaml.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            HecateConfig config = ConfigLoader.load(file);
            spec.commandLine().getOut().printf("%s: ok (%s, %d control planes, %d workers, role %s)%n", file, config.clusterName(),
                    config.nodes().controlPlanes().size(), config.nodes().workers().size(), config.coordination().role());
            return ExitCodes.OK;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Rewrite legacy defaults in place, keeping comments and every other byte of the file.",
                "The legacy keys: default_budget_seconds, and runtime_safety_factor: 1.10."})
    static final class Migrate implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The configuration file to rewrite in place.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ConfigMigrator.Result result = ConfigMigrator.migrateFile(file);
            PrintWriter out = spec.commandLine().getOut();
            if (!result.changed()) {
                out.printf("%s: nothing to migrate%n", file);
            }
            result.changes().forEach(change -> out.printf("%s: %s%n", file, change));
            return ExitCodes.OK;
        }
    }
}
