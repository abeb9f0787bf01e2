package io.hecate.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.runtime.WorkflowResource;
import io.hecate.engine.runtime.WorkflowValidator;
import org.junit.jupiter.api.Test;

class HecateWorkflowsTest {

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
