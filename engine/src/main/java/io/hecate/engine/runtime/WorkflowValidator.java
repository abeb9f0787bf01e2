package io.hecate.engine.runtime;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SendTask;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.xml.ModelException;

/**
 * Checks a BPMN file before anything is deployed or run: well-formed and schema-valid XML, every process
 * with an id, executable and with a history time to live, and every service task naming a known delegate.
 */
public final class WorkflowValidator {

    private static final Pattern DELEGATE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

    private final Set<String> delegates;

    public WorkflowValidator(Set<String> delegates) {
        this.delegates = Set.copyOf(delegates);
    }

    /** @return the ids of the processes the file defines */
    public List<String> validate(WorkflowResource resource) {
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(resource.bytes()));
        } catch (ModelException e) {
            throw new WorkflowException(resource.origin() + ": not a valid BPMN file: " + rootMessage(e), e);
        }
        List<String> processIds = new ArrayList<>();
        for (Process process : model.getModelElementsByType(Process.class)) {
            String id = process.getId();
            if (id == null || id.isBlank()) {
                throw new WorkflowException(resource.origin() + ": a process has no id");
            }
            if (!process.isExecutable()) {
                throw new WorkflowException(resource.origin() + ": process " + id + " is not executable (isExecutable=\"true\")");
            }
            if (process.getCamundaHistoryTimeToLiveString() == null) {
                throw new WorkflowException(resource.origin() + ": process " + id + " has no camunda:historyTimeToLive");
            }
            processIds.add(id);
        }
        if (processIds.isEmpty()) {
            throw new WorkflowException(resource.origin() + ": defines no process");
        }
        model.getModelElementsByType(ServiceTask.class).forEach(t -> checkDelegate(resource, t.getId(), t.getCamundaDelegateExpression(),
                t.getCamundaClass(), t.getCamundaExpression(), t.getCamundaType()));
        model.getModelElementsByType(SendTask.class).forEach(t -> checkDelegate(resource, t.getId(), t.getCamundaDelegateExpression(),
                t.getCamundaClass(), t.getCamundaExpression(), t.getCamundaType()));
        model.getModelElementsByType(BusinessRuleTask.class).forEach(t -> checkDelegate(resource, t.getId(),
                t.getCamundaDelegateExpression(), t.getCamundaClass(), t.getCamundaExpression(), t.getCamundaType()));
        return processIds;
    }

    private void checkDelegate(WorkflowResource resource, String taskId, String delegateExpression, String className,
            String expression, String type) {
        String where = resource.origin() + ": task " + taskId;
        if (className != null || expression != null || type != null) {
            throw new WorkflowException(where + " must name a Hecate delegate with camunda:delegateExpression=\"${name}\"; known: "
                    + String.join(", ", delegates.stream().sorted().toList()));
        }
        if (delegateExpression == null) {
            throw new WorkflowException(where + " names no delegate (camunda:delegateExpression=\"${name}\")");
        }
        Matcher m = DELEGATE.matcher(delegateExpression.strip());
        if (!m.matches() || !delegates.contains(m.group(1))) {
            throw new WorkflowException(where + " names an unknown delegate " + delegateExpression + "; known: "
                    + String.join(", ", delegates.stream().sorted().toList()));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replace('\n', ' ');
    }
}
