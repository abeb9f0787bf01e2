package io.hecate.cli;

import io.hecate.engine.runtime.WorkflowCatalog;
import io.hecate.engine.runtime.WorkflowResource;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.WorkflowRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "workflows", mixinStandardHelpOptions = true, description = "List, validate or export the BPMN workflows.",
        subcommands = {WorkflowsCommand.ListWorkflows.class, WorkflowsCommand.Validate.class, WorkflowsCommand.Export.class})
final class WorkflowsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw ParentCommand.missingCommand(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The built-in workflows and the delegates tasks may name.")
    static final class ListWorkflows implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            WorkflowCatalog catalog = WorkflowRuntime.catalog(null);
            catalog.origins().forEach((id, origin) -> spec.commandLine().getOut().printf("%-28s %s%n", id, origin));
            spec.commandLine().getOut().printf("delegates: %s%n", String.join(", ", HecateWorkflows.DELEGATE_NAMES.stream().sorted().toList()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check every .bpmn in DIR as an override, exactly as every run and the daemon do before anything runs.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "The directory holding the .bpmn files.")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            WorkflowCatalog catalog = WorkflowRuntime.catalog(dir);
            catalog.origins().forEach((id, origin) -> spec.commandLine().getOut().printf("%-28s %s: ok%n", id, origin));
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the built-in BPMN into DIR, to edit in Camunda Modeler.")
    static final class Export implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Where to write the .bpmn files (created when missing).")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Files.createDirectories(dir);
                for (WorkflowResource resource : HecateWorkflows.builtIn().values()) {
                    Path target = dir.resolve(resource.fileName());
                    if (Files.exists(target)) {
                        throw new BadInputException(target + " exists; export into an empty directory");
                    }
                    Files.write(target, resource.bytes());
                    spec.commandLine().getOut().println(target);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ExitCodes.OK;
        }
    }
}
