package io.hecate.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The BPMN to deploy: the built-in files, with every process that a file in the override directory
 * defines replaced by that file. Every override is validated before the engine sees it: it may only define one
 * of the built-in processes (a file named after a built-in must define that one), one process per file, and call
 * only processes the catalog holds. The built-in files are not checked again on every start: they are part of
 * the jar, and the build checks them with the same validator (each defines the process it is given under and
 * calls only built-ins). Each file is deployed under its process id, so an
 * override always replaces the deployed definition of that id, whatever the file is called.
 */
public final class WorkflowCatalog {

    private final Map<String, WorkflowResource> byProcess;

    private WorkflowCatalog(Map<String, WorkflowResource> byProcess) {
        this.byProcess = byProcess;
    }

    /** @param builtIn process id -> the built-in file defining it (checked by the build) */
    public static WorkflowCatalog of(Map<String, WorkflowResource> builtIn, Path overrideDir, WorkflowValidator validator) {
        return of(builtIn, overrideDir == null ? List.of() : readDir(overrideDir), validator);
    }

    public static WorkflowCatalog of(Map<String, WorkflowResource> builtIn, List<WorkflowResource> overrides, WorkflowValidator validator) {
        Map<String, WorkflowResource> byProcess = new LinkedHashMap<>(builtIn);
        Map<String, Set<String>> calls = new LinkedHashMap<>();
        Set<String> hecates = Set.copyOf(byProcess.keySet());
        Map<String, String> overriddenBy = new LinkedHashMap<>();
        for (WorkflowResource resource : overrides) {
            WorkflowValidator.Checked checked = validator.validate(resource);
            String id = onlyProcess(checked);
            if (!hecates.contains(id)) {
                throw new WorkflowException(resource.origin() + ": process " + id + " is not one of Hecate's workflows, so nothing"
                        + " would run it; fix: set the process id to one of " + String.join(", ", hecates.stream().sorted().toList()));
            }
            String builtInNamed = resource.fileName().replaceFirst("\\.bpmn$", "");
            if (hecates.contains(builtInNamed) && !builtInNamed.equals(id)) {
                throw new WorkflowException(resource.origin() + ": process " + id + " in a file named after " + builtInNamed
                        + "; fix: set the process id to " + builtInNamed + " (or rename the file to " + id + ".bpmn)");
            }
            if (overriddenBy.containsKey(id)) {
                throw new WorkflowException(resource.origin() + ": process " + id + " is also defined by " + overriddenBy.get(id)
                        + "; fix: keep one of the two files");
            }
            overriddenBy.put(id, resource.origin());
            byProcess.put(id, new WorkflowResource(resource.origin(), id + ".bpmn", resource.bytes()));
            calls.put(resource.origin(), checked.calls());
        }
        calls.forEach((origin, called) -> called.stream().filter(c -> !byProcess.containsKey(c)).findFirst().ifPresent(c -> {
            throw new WorkflowException(origin + ": a call activity calls " + c + ", which is not one of Hecate's workflows; fix: call"
                    + " one of " + String.join(", ", byProcess.keySet().stream().sorted().toList()));
        }));
        return new WorkflowCatalog(byProcess);
    }

    private static String onlyProcess(WorkflowValidator.Checked checked) {
        if (checked.processIds().size() != 1) {
            throw new WorkflowException(checked.resource().origin() + ": defines " + checked.processIds().size() + " processes ("
                    + String.join(", ", checked.processIds()) + "); fix: keep one process per file");
        }
        return checked.processIds().get(0);
    }

    public static List<WorkflowResource> readDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new WorkflowException(dir + ": workflows directory does not exist");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<WorkflowResource> resources = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".bpmn")).sorted().toList()) {
                resources.add(new WorkflowResource(file.toString(), file.getFileName().toString(), Files.readAllBytes(file)));
            }
            if (resources.isEmpty()) {
                throw new WorkflowException(dir + ": holds no .bpmn file");
            }
            return resources;
        } catch (IOException e) {
            throw new WorkflowException(dir + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** process id -> where its BPMN comes from */
    public Map<String, String> origins() {
        Map<String, String> origins = new LinkedHashMap<>();
        byProcess.forEach((id, resource) -> origins.put(id, resource.origin()));
        return origins;
    }

    /** Where the file deployed under {@code fileName} comes from. */
    public String originOf(String fileName) {
        return byProcess.values().stream().filter(r -> r.fileName().equals(fileName)).map(WorkflowResource::origin).findFirst()
                .orElse(fileName);
    }

    public List<WorkflowResource> resources() {
        return byProcess.values().stream().distinct().toList();
    }
}
