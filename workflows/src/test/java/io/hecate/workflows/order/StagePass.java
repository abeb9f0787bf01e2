package io.hecate.workflows.order;

import io.hecate.workflows.stage.NodeStep;
import io.hecate.workflows.stage.Wait;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** What a stub stage does on one pass: the part of a real delegate's answer the BPMN routes on. */
@FunctionalInterface
public interface StagePass {

    void run(DelegateExecution execution);

    /** A node stage left nodes to retry: the retry loop waits {@code retryInterval} and comes back. */
    static StagePass retryPending() {
        return execution -> {
            execution.setVariable(NodeStep.RETRY_PENDING, true);
            execution.setVariable(NodeStep.RETRY_INTERVAL, "PT1S");
        };
    }

    /** A wait stage's check: {@link Wait#READY}, {@link Wait#WAITING}, {@link Wait#TIMED_OUT} or a branch of its own. */
    static StagePass state(String variable, String state) {
        return execution -> {
            execution.setVariable(Wait.INTERVAL, "PT1S");
            execution.setVariable(variable, state);
        };
    }

    static StagePass variable(String name, Object value) {
        return execution -> execution.setVariable(name, value);
    }

    /** An expected failure, routed by a boundary event. */
    static StagePass bpmnError(String code) {
        return execution -> {
            throw new BpmnError(code);
        };
    }

    /** A bug or an outage: the job fails and the BPMN retry cycle takes over. */
    static StagePass fail() {
        return execution -> {
            throw new IllegalStateException("stub stage " + execution.getCurrentActivityId() + " failed on purpose");
        };
    }
}
