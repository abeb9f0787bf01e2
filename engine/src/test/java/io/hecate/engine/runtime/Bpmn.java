package io.hecate.engine.runtime;

import java.nio.charset.StandardCharsets;

/** Small BPMN documents for tests: a process of service tasks, an optional timer, and an end event. */
final class Bpmn {

    static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                         xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                         targetNamespace="http://hecate.io/test">
            """;

    private Bpmn() {
    }

    static String process(String id, String attributes, String body) {
        return HEAD + "<process id=\"" + id + "\" " + attributes + ">\n" + body + "</process>\n</definitions>\n";
    }

    static String executable(String id, String body) {
        return process(id, "isExecutable=\"true\" camunda:historyTimeToLive=\"P30D\"", body);
    }

    /** start -> RecordStep (${recordStep}) -> Wait (timer) -> end event {@code endId}. */
    static String timerRun(String id, String delegate, String timer, String endId) {
        return executable(id, """
                <startEvent id="Start"/>
                <sequenceFlow id="f1" sourceRef="Start" targetRef="RecordStep"/>
                <serviceTask id="RecordStep" name="Record step" camunda:delegateExpression="${%s}"/>
                <sequenceFlow id="f2" sourceRef="RecordStep" targetRef="Wait"/>
                <intermediateCatchEvent id="Wait"><timerEventDefinition><timeDuration>%s</timeDuration></timerEventDefinition></intermediateCatchEvent>
                <sequenceFlow id="f3" sourceRef="Wait" targetRef="AfterWait"/>
                <serviceTask id="AfterWait" name="After wait" camunda:delegateExpression="${%s}"/>
                <sequenceFlow id="f4" sourceRef="AfterWait" targetRef="%s"/>
                <endEvent id="%s" name="%s"/>
                """.formatted(delegate, timer, delegate, endId, endId, endId));
    }

    static WorkflowResource resource(String fileName, String xml) {
        return new WorkflowResource("test:" + fileName, fileName, xml.getBytes(StandardCharsets.UTF_8));
    }
}
