package io.hecate.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.runtime.WorkflowResource;
import io.hecate.engine.runtime.WorkflowValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HecateWorkflowsTest {

    @Test
    void findsEveryDelegateClassOfTheDelegatesPackageWithoutAList() throws IOException {
        Set<String> sources;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/hecate/workflows/delegates"))) {
            sources = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("Delegate.java"))
                    .map(n -> Character.toLowerCase(n.charAt(0)) + n.substring(1, n.length() - "Delegate.java".length()))
                    .collect(Collectors.toSet());
        }

        assertThat(HecateWorkflows.DELEGATE_NAMES).isEqualTo(sources).contains("stopAgents", "waitForCoreDns");
    }

    @Test
    void everyBuiltInWorkflowIsValidAgainstTheRegisteredDelegates() {
        WorkflowValidator validator = new WorkflowValidator(HecateWorkflows.DELEGATE_NAMES);
        for (WorkflowResource resource : HecateWorkflows.builtIn()) {
            assertThat(validator.validate(resource).processIds()).as(resource.fileName())
                    .containsExactly(resource.fileName().replace(".bpmn", ""));
        }
        assertThat(HecateWorkflows.builtIn()).extracting(WorkflowResource::fileName)
                .contains("hecate-startup.bpmn", "hecate-etcd-restore.bpmn");
    }
}
