package io.hecate.engine.runtime;

import java.util.Optional;

/**
 * How a path through a workflow ends, as the BPMN declares it: an end event carries the extension property
 * {@code outcome} ({@code succeeded} or {@code failed}; the element template "Hecate end" offers it in
 * Modeler), or is an error end event, which is a failed end. An end event that declares nothing succeeded.
 * The end event's name is the reason a failed run shows.
 */
public enum EndOutcome {
    SUCCEEDED("succeeded"),
    FAILED("failed");

    /** The camunda:property on an end event that declares its outcome. */
    public static final String PROPERTY = "outcome";

    private final String value;

    EndOutcome(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<EndOutcome> parse(String value) {
        for (EndOutcome outcome : values()) {
            if (outcome.value.equals(value)) {
                return Optional.of(outcome);
            }
        }
        return Optional.empty();
    }

    /**
     * @param declared the {@code outcome} property, null when absent (must be valid: the validator checked it)
     * @param errorEnd whether the end event throws a BPMN error
     */
    public static EndOutcome of(String declared, boolean errorEnd) {
        if (declared != null) {
            return parse(declared).orElseThrow(() -> new IllegalArgumentException("unknown outcome " + declared));
        }
        return errorEnd ? FAILED : SUCCEEDED;
    }
}
