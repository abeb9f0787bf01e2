package io.hecate.engine.runtime;

/** A BPMN file to deploy: where it came from (for messages) and its bytes. */
public record WorkflowResource(String origin, String fileName, byte[] bytes) {
}
