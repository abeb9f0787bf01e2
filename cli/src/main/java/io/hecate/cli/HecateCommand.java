package io.hecate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "hecate",
        mixinStandardHelpOptions = true,
        version = "hecate 0.1.0",
        description = {
            "Bootstrap and power protection for a small k3s cluster.",
            "startup, shutdown and etcd-restore are dry runs: they print the plan and touch nothing unless --execute is given."},
        subcommands = {
            StartupCommand.class,
            ShutdownCommand.class,
            EtcdRestoreCommand.class,
            DaemonCommand.class,
            StatusCommand.class,
            RunsCommand.class,
            WorkflowsCommand.class,
            ConfigCommand.class,
            LabCommand.class,
            UiCommand.class,
            DemoCommand.class,
            DrillCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 a stage failed, 2 bad input or config, 3 refused by a guard, 4 internal error."})
final class HecateCommand implements Callable<Integer> {

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    boolean stacktrace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw ParentCommand.missingCommand(spec);
    }
}
