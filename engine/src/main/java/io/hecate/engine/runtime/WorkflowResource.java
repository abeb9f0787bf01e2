package io.hecate.engine.runtime;

/**
 * A BPMN file to deploy: where it came from (for messages), its bytes and, for a file shipped in the jar, the one
 * process it defines. The build validates the shipped files (HecateWorkflowsTest), so at run time only the operator's
 * files are parsed before the engine parses what it deploys: each BPMN is parsed once per boot.
 */
public record WorkflowResource(String origin, String fileName, byte[] bytes, String builtInProcessId) {

    /** An operator's file: validated before anything is deployed. */
    public WorkflowResource(String origin, String fileName, byte[] bytes) {
        this(origin, fileName, bytes, null);
    }
}
