package io.hecate.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The BPMN to deploy: the built-in files, with every process that a file in the override directory
 * defines replaced by that file. Everything is validated before the engine sees it (the built-in files by the build).
 */
public final class WorkflowCatalog {

    private final Map<String, WorkflowResource> byProcess;

    private WorkflowCatalog(Map<String, WorkflowResource> byProcess) {
        this.byProcess = byProcess;
    }

    public static WorkflowCatalog of(List<WorkflowResource> builtIn, Path overrideDir, WorkflowValidator validator) {
        Map<String, WorkflowResource> byProcess = new LinkedHashMap<>();
        for (WorkflowResource resource : builtIn) {
            List<String> ids = resource.builtInProcessId() != null ? List.of(resource.builtInProcessId()) : validator.validate(resource);
            ids.forEach(id -> byProcess.put(id, resource));
        }
        if (overrideDir != null) {
            for (WorkflowResource resource : readDir(overrideDir)) {
                validator.validate(resource).forEach(id -> byProcess.put(id, resource));
            }
        }
        return new WorkflowCatalog(byProcess);
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

    public List<WorkflowResource> resources() {
        return byProcess.values().stream().distinct().toList();
    }
}
