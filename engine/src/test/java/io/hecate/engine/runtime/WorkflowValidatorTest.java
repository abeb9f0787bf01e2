package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowValidatorTest {

    private final WorkflowValidator validator = new WorkflowValidator(Set.of("recordStep", "stopAgents"));

    private static final String TASK = "<startEvent id=\"s\"/><sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"T\"/>\n";

    @Test
    void acceptsAValidFileAndReturnsItsProcessIds() {
        assertThat(validator.validate(Bpmn.resource("run.bpmn", Bpmn.timerRun("test-run", "recordStep", "PT1S", "Done"))))
                .containsExactly("test-run");
    }

    @Test
    void returnsEveryProcessOfAFile() {
        String two = Bpmn.HEAD
                + "<process id=\"a\" isExecutable=\"true\" camunda:historyTimeToLive=\"1\"><startEvent id=\"s1\"/></process>\n"
                + "<process id=\"b\" isExecutable=\"true\" camunda:historyTimeToLive=\"1\"><startEvent id=\"s2\"/></process>\n"
                + "</definitions>";

        assertThat(validator.validate(Bpmn.resource("two.bpmn", two))).containsExactly("a", "b");
    }

    @Test
    void refusesMalformedXmlNamingTheOrigin() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("broken.bpmn", Bpmn.HEAD + "<process id=\"x\"")))
                .isInstanceOf(WorkflowException.class)
                .hasMessageStartingWith("test:broken.bpmn: not a valid BPMN file: ");
    }

    @Test
    void refusesAFileThatIsNoBpmn() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("empty.bpmn", "")))
                .isInstanceOf(WorkflowException.class)
                .hasMessageStartingWith("test:empty.bpmn: not a valid BPMN file");
    }

    @Test
    void refusesAProcessWithoutId() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("noid.bpmn",
                Bpmn.HEAD + "<process isExecutable=\"true\" camunda:historyTimeToLive=\"1\"><startEvent id=\"s\"/></process></definitions>")))
                .isInstanceOf(WorkflowException.class)
                .hasMessage("test:noid.bpmn: a process has no id");
    }

    @Test
    void refusesAFileWithoutProcess() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("none.bpmn", Bpmn.HEAD + "</definitions>")))
                .isInstanceOf(WorkflowException.class)
                .hasMessage("test:none.bpmn: defines no process");
    }

    @Test
    void refusesAProcessThatIsNotExecutable() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("p.bpmn",
                Bpmn.process("p", "isExecutable=\"false\" camunda:historyTimeToLive=\"1\"", "<startEvent id=\"s\"/>"))))
                .isInstanceOf(WorkflowException.class)
                .hasMessage("test:p.bpmn: process p is not executable (isExecutable=\"true\")");
    }

    @Test
    void refusesAProcessWithoutHistoryTimeToLive() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("p.bpmn",
                Bpmn.process("p", "isExecutable=\"true\"", "<startEvent id=\"s\"/>"))))
                .isInstanceOf(WorkflowException.class)
                .hasMessage("test:p.bpmn: process p has no camunda:historyTimeToLive");
    }

    @Test
    void refusesAnUnknownDelegateListingTheKnownOnes() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("p.bpmn", Bpmn.executable("p",
                TASK + "<serviceTask id=\"T\" camunda:delegateExpression=\"${stopAgnets}\"/>"))))
                .isInstanceOf(WorkflowException.class)
                .hasMessage("test:p.bpmn: task T names an unknown delegate ${stopAgnets}; known: recordStep, stopAgents");
    }

    @Test
    void refusesADelegateExpressionThatIsNoBeanName() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("p.bpmn", Bpmn.executable("p",
                TASK + "<serviceTask id=\"T\" camunda:delegateExpression=\"${stopAgents.run()}\"/>"))))
                .isInstanceOf(WorkflowException.class)
                .hasMessageContaining("task T names an unknown delegate");
    }

    @Test
    void refusesAServiceTaskWithAJavaClass() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("p.bpmn", Bpmn.executable("p",
                TASK + "<serviceTask id=\"T\" camunda:class=\"com.example.Evil\"/>"))))
                .isInstanceOf(WorkflowException.class)
                .hasMessageStartingWith("test:p.bpmn: task T must name a Hecate delegate with camunda:delegateExpression=\"${name}\"")
                .hasMessageEndingWith("known: recordStep, stopAgents");
    }

    @Test
    void refusesAnExpressionOrExternalTask() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("p.bpmn", Bpmn.executable("p",
                TASK + "<serviceTask id=\"T\" camunda:expression=\"${1 + 1}\"/>"))))
                .isInstanceOf(WorkflowException.class).hasMessageContaining("task T must name a Hecate delegate");
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("p.bpmn", Bpmn.executable("p",
                TASK + "<serviceTask id=\"T\" camunda:type=\"external\" camunda:topic=\"x\"/>"))))
                .isInstanceOf(WorkflowException.class).hasMessageContaining("task T must name a Hecate delegate");
    }

    @Test
    void refusesAServiceTaskNamingNoDelegate() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("p.bpmn", Bpmn.executable("p", TASK + "<serviceTask id=\"T\"/>"))))
                .isInstanceOf(WorkflowException.class)
                .hasMessage("test:p.bpmn: task T names no delegate (camunda:delegateExpression=\"${name}\")");
    }

    @Test
    void refusesAJavaClassOnASendTask() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("p.bpmn", Bpmn.executable("p",
                TASK + "<sendTask id=\"T\" camunda:class=\"com.example.Evil\"/>"))))
                .isInstanceOf(WorkflowException.class).hasMessageContaining("task T must name a Hecate delegate");
    }
}
