package io.hecate.cli;

import io.hecate.engine.runtime.WorkflowCatalog;
import io.hecate.engine.runtime.WorkflowResource;
import io.hecate.engine.runtime.WorkflowValidator;
import io.hecate.workflows.HecateWorkflows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    static WorkflowValidator validator() {
        return new WorkflowValidator(HecateWorkflows.DELEGATE_NAMES);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The built-in workflows and the delegates tasks may name.")
    static final class ListWorkflows implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            WorkflowCatalog catalog = WorkflowCatalog.of(HecateWorkflows.builtIn(), null, validator());
            catalog.origins().forEach((id, origin) -> spec.commandLine().getOut().printf("%-28s %s%n", id, origin));
            spec.commandLine().getOut().printf("delegates: %s%n", String.join(", ", HecateWorkflows.DELEGATE_NAMES.stream().sorted().toList()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Validate every .bpmn in DIR as the engine would before deploying.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "The directory holding the .bpmn files.")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            WorkflowValidator validator = validator();
            for (WorkflowResource resource : WorkflowCatalog.readDir(dir)) {
                List<String> ids = validator.validate(resource);
                spec.commandLine().getOut().printf("%s: ok (%s)%n", resource.origin(), String.join(", ", ids));
            }
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
                for (WorkflowResource resource : HecateWorkflows.builtIn()) {
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
