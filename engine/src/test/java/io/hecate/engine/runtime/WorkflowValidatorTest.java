package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowValidatorTest {

    private final WorkflowValidator validator = new WorkflowValidator(Set.of("recordStep", "stopAgents"),
            Set.of("ready", "retryPending", "retryInterval", "waitInterval"));

    /** start -> T -> end, with T as given. */
    private static WorkflowResource around(String task) {
        return Bpmn.resource("p.bpmn", Bpmn.executable("p", """
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="T"/>
                %s
                <sequenceFlow id="f2" sourceRef="T" targetRef="e"/><endEvent id="e"/>
                """.formatted(task)));
    }

    private static WorkflowResource flows(String body) {
        return Bpmn.resource("p.bpmn", Bpmn.executable("p", body));
    }

    @Test
    void acceptsAValidFileAndReturnsItsProcessIds() {
        assertThat(validator.validate(Bpmn.resource("run.bpmn", Bpmn.timerRun("test-run", "recordStep", "PT1S", "Done"))).processIds())
                .containsExactly("test-run");
    }

    @Test
    void returnsEveryProcessOfAFile() {
        String two = Bpmn.HEAD
                + "<process id=\"a\" isExecutable=\"true\" camunda:historyTimeToLive=\"1\"><startEvent id=\"s1\"/><sequenceFlow id=\"f1\" sourceRef=\"s1\" targetRef=\"e1\"/><endEvent id=\"e1\"/></process>\n"
                + "<process id=\"b\" isExecutable=\"true\" camunda:historyTimeToLive=\"1\"><startEvent id=\"s2\"/><sequenceFlow id=\"f2\" sourceRef=\"s2\" targetRef=\"e2\"/><endEvent id=\"e2\"/></process>\n"
                + "</definitions>";

        assertThat(validator.validate(Bpmn.resource("two.bpmn", two)).processIds()).containsExactly("a", "b");
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
                .hasMessageStartingWith("test:noid.bpmn: a process has no id; fix: ");
    }

    @Test
    void refusesAFileWithoutProcess() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("none.bpmn", Bpmn.HEAD + "</definitions>")))
                .isInstanceOf(WorkflowException.class)
                .hasMessageStartingWith("test:none.bpmn: defines no process; fix: ");
    }

    @Test
    void refusesAProcessThatIsNotExecutable() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("p.bpmn",
                Bpmn.process("p", "isExecutable=\"false\" camunda:historyTimeToLive=\"1\"", "<startEvent id=\"s\"/>"))))
                .isInstanceOf(WorkflowException.class)
                .hasMessageStartingWith("test:p.bpmn: process p is not executable; fix: ");
    }

    @Test
    void refusesAProcessWithoutHistoryTimeToLive() {
        assertThatThrownBy(() -> validator.validate(Bpmn.resource("p.bpmn",
                Bpmn.process("p", "isExecutable=\"true\"", "<startEvent id=\"s\"/>"))))
                .isInstanceOf(WorkflowException.class)
                .hasMessageStartingWith("test:p.bpmn: process p has no camunda:historyTimeToLive; fix: ");
    }

    @Test
    void refusesAnUnknownDelegateListingTheKnownOnes() {
        assertThatThrownBy(() -> validator.validate(around("<serviceTask id=\"T\" name=\"Stop\" camunda:delegateExpression=\"${stopAgnets}\"/>")))
                .isInstanceOf(WorkflowException.class)
                .hasMessage("test:p.bpmn: serviceTask T \"Stop\" names an unknown delegate ${stopAgnets}; fix: use one of the known"
                        + " delegates; known: recordStep, stopAgents");
    }

    @Test
    void refusesADelegateExpressionThatIsNoBeanName() {
        assertThatThrownBy(() -> validator.validate(around("<serviceTask id=\"T\" camunda:delegateExpression=\"${stopAgents.run()}\"/>")))
                .isInstanceOf(WorkflowException.class)
                .hasMessageContaining("serviceTask T names an unknown delegate");
    }

    @Test
    void refusesAServiceTaskWithAJavaClassAnExpressionOrAnExternalTopic() {
        for (String attribute : List.of("camunda:class=\"com.example.Evil\"", "camunda:expression=\"${1 + 1}\"",
                "camunda:type=\"external\" camunda:topic=\"x\"")) {
            assertThatThrownBy(() -> validator.validate(around("<serviceTask id=\"T\" " + attribute + "/>")))
                    .as(attribute).isInstanceOf(WorkflowException.class)
                    .hasMessageContaining("serviceTask T must name a Hecate delegate; fix: set camunda:delegateExpression");
        }
        assertThatThrownBy(() -> validator.validate(around("<sendTask id=\"T\" camunda:class=\"com.example.Evil\"/>")))
                .isInstanceOf(WorkflowException.class).hasMessageContaining("sendTask T must name a Hecate delegate");
    }

    @Test
    void refusesAServiceTaskNamingNoDelegate() {
        assertThatThrownBy(() -> validator.validate(around("<serviceTask id=\"T\"/>")))
                .isInstanceOf(WorkflowException.class)
                .hasMessageStartingWith("test:p.bpmn: serviceTask T names no delegate; fix: apply a Hecate element template");
    }

    @Test
    void refusesTasksThatNeedAPersonOrAnOutsideParty() {
        assertThat(problem(around("<userTask id=\"T\" name=\"Approve\"/>")))
                .isEqualTo("test:p.bpmn: userTask T \"Approve\" is a user task: nobody would ever complete it; fix: Hecate runs"
                        + " unattended; make it a service task with a Hecate element template, or delete it");
        assertThat(problem(around("<receiveTask id=\"T\"/>"))).contains("receiveTask T is a receive task");
        assertThat(problem(around("<manualTask id=\"T\"/>"))).contains("manualTask T is a manual task");
        assertThat(problem(around("<scriptTask id=\"T\" scriptFormat=\"groovy\"><script>1</script></scriptTask>")))
                .contains("scriptTask T is a script task");
        assertThat(problem(around("<businessRuleTask id=\"T\" camunda:decisionRef=\"d\"/>")))
                .contains("businessRuleTask T is a business rule task");
        assertThat(problem(around("<task id=\"T\" name=\"Wait for CoreDNS\"/>")))
                .contains("task T \"Wait for CoreDNS\" is a plain task without a Hecate element template");
    }

    @Test
    void refusesAMessageCatchAndASignalNothingThrows() {
        assertThat(problem(flows("""
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="M"/>
                <intermediateCatchEvent id="M" name="Ack"><messageEventDefinition/></intermediateCatchEvent>
                <sequenceFlow id="f2" sourceRef="M" targetRef="e"/><endEvent id="e"/>
                """))).contains("intermediateCatchEvent M \"Ack\" waits for a message");
        assertThat(problem(Bpmn.resource("p.bpmn", Bpmn.executable("p", """
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="G"/>
                <intermediateCatchEvent id="G"><signalEventDefinition signalRef="go"/></intermediateCatchEvent>
                <sequenceFlow id="f2" sourceRef="G" targetRef="e"/><endEvent id="e"/>
                """).replace("<process", "<signal id=\"go\" name=\"go\"/><process"))))
                .contains("intermediateCatchEvent G waits for a signal nothing in this file throws");
    }

    @Test
    void refusesAnUnreachableElementAndAPathThatLeadsNowhere() {
        assertThat(problem(flows("""
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="e"/><endEvent id="e"/>
                <serviceTask id="Lost" camunda:delegateExpression="${stopAgents}"/>
                <sequenceFlow id="f2" sourceRef="Lost" targetRef="e"/>
                """))).contains("serviceTask Lost is unreachable");
        assertThat(problem(flows("""
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="T"/>
                <serviceTask id="T" camunda:delegateExpression="${stopAgents}"/>
                """))).contains("serviceTask T leads nowhere");
    }

    @Test
    void refusesADecisionWithoutDefaultWhereEveryFlowHasACondition() {
        String decision = """
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="G"/>
                <exclusiveGateway id="G" name="Ready?" %s/>
                <sequenceFlow id="yes" sourceRef="G" targetRef="e"><conditionExpression>${ready}</conditionExpression></sequenceFlow>
                <sequenceFlow id="no" sourceRef="G" targetRef="e">%s</sequenceFlow><endEvent id="e"/>
                """;
        assertThat(problem(flows(decision.formatted("", "<conditionExpression>${!ready}</conditionExpression>"))))
                .contains("exclusiveGateway G \"Ready?\" has a condition on every outgoing flow and no default flow");
        assertThat(validator.validate(flows(decision.formatted("default=\"no\"", ""))).processIds()).containsExactly("p");
    }

    @Test
    void refusesATimerThatDoesNotParseButTakesAVariable() {
        String timer = """
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="W"/>
                <intermediateCatchEvent id="W"><timerEventDefinition><timeDuration>%s</timeDuration></timerEventDefinition></intermediateCatchEvent>
                <sequenceFlow id="f2" sourceRef="W" targetRef="e"/><endEvent id="e"/>
                """;
        assertThat(problem(flows(timer.formatted("10 seconds")))).contains("intermediateCatchEvent W has a timer expression that does"
                + " not parse: \"10 seconds\"");
        assertThat(validator.validate(flows(timer.formatted("PT10S"))).processIds()).containsExactly("p");
        assertThat(validator.validate(flows(timer.formatted("${waitInterval}"))).processIds()).containsExactly("p");
    }

    @Test
    void refusesAConditionOnAVariableNoRunHasNamingTheClosestKnownOne() {
        assertThat(problem(flows("""
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="G"/>
                <exclusiveGateway id="G" default="no"/>
                <sequenceFlow id="yes" name="retry" sourceRef="G" targetRef="e"><conditionExpression>${retryPendng}</conditionExpression></sequenceFlow>
                <sequenceFlow id="no" sourceRef="G" targetRef="e"/><endEvent id="e"/>
                """))).isEqualTo("test:p.bpmn: sequenceFlow yes \"retry\" uses ${retryPendng} in its conditionExpression, but no run has"
                + " a variable retryPendng: the run would fail there; fix: did you mean retryPending? (known variables: ready,"
                + " retryInterval, retryPending, waitInterval)");
    }

    @Test
    void refusesATimerOnAVariableNoRunHasNamingTheCatchEvent() {
        assertThat(problem(flows("""
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="W"/>
                <intermediateCatchEvent id="W" name="Wait retry_interval"><timerEventDefinition id="W_def">
                  <timeDuration>${retryIntervall}</timeDuration></timerEventDefinition></intermediateCatchEvent>
                <sequenceFlow id="f2" sourceRef="W" targetRef="e"/><endEvent id="e"/>
                """))).startsWith("test:p.bpmn: intermediateCatchEvent W \"Wait retry_interval\" uses ${retryIntervall} in its"
                + " timeDuration, but no run has a variable retryIntervall").contains("fix: did you mean retryInterval?");
    }

    @Test
    void refusesAnUnknownVariableInAnInputParameterListingTheKnownOnes() {
        assertThat(problem(around("""
                <serviceTask id="T" name="Stop" camunda:delegateExpression="${stopAgents}"><extensionElements><camunda:inputOutput>
                  <camunda:inputParameter name="nodes">${pendingNodes.isEmpty() ? 'none' : pendingNodes}</camunda:inputParameter>
                </camunda:inputOutput></extensionElements></serviceTask>
                """))).isEqualTo("test:p.bpmn: serviceTask T \"Stop\" uses ${pendingNodes.isEmpty() ? 'none' : pendingNodes} in its"
                + " inputParameter, but no run has a variable pendingNodes: the run would fail there; fix: use one of the known"
                + " variables: ready, retryInterval, retryPending, waitInterval");
    }

    @Test
    void refusesAScriptInAnInputParameter() {
        assertThat(problem(around("""
                <serviceTask id="T" name="Stop" camunda:delegateExpression="${stopAgents}"><extensionElements><camunda:inputOutput>
                  <camunda:inputParameter name="nodes"><camunda:script scriptFormat="groovy">['a']</camunda:script></camunda:inputParameter>
                </camunda:inputOutput></extensionElements></serviceTask>
                """))).isEqualTo("test:p.bpmn: serviceTask T \"Stop\" has a camunda:script: Hecate runs no scripts; fix: write it as an"
                + " expression ${...} or move the logic into a delegate");
    }

    @Test
    void refusesAConditionInAScriptLanguage() {
        assertThat(problem(flows("""
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="G"/>
                <exclusiveGateway id="G" default="no"/>
                <sequenceFlow id="yes" sourceRef="G" targetRef="e"><conditionExpression xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="tFormalExpression" language="groovy">ready</conditionExpression></sequenceFlow>
                <sequenceFlow id="no" sourceRef="G" targetRef="e"/><endEvent id="e"/>
                """))).startsWith("test:p.bpmn: sequenceFlow yes has a conditionExpression in the language 'groovy': Hecate runs no scripts");
    }

    @Test
    void refusesAnExpressionThatDoesNotParse() {
        assertThat(problem(flows("""
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="G"/>
                <exclusiveGateway id="G" default="no"/>
                <sequenceFlow id="yes" sourceRef="G" targetRef="e"><conditionExpression>${ready ==}</conditionExpression></sequenceFlow>
                <sequenceFlow id="no" sourceRef="G" targetRef="e"/><endEvent id="e"/>
                """))).startsWith("test:p.bpmn: sequenceFlow yes has an expression in its conditionExpression that does not parse: ${ready ==}");
    }

    @Test
    void acceptsMethodCallsPropertiesLiteralsExecutionAndLocalVariablesOnKnownNames() {
        WorkflowResource file = flows("""
                <documentation>waits ${whatever} the documentation says</documentation>
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="T"/>
                <serviceTask id="T" camunda:delegateExpression="${stopAgents}"><extensionElements><camunda:inputOutput>
                  <camunda:inputParameter name="intent">normal</camunda:inputParameter>
                  <camunda:outputParameter name="said">${intent} after ${execution.getVariable('anything')}</camunda:outputParameter>
                </camunda:inputOutput></extensionElements></serviceTask>
                <sequenceFlow id="f2" sourceRef="T" targetRef="G"/>
                <exclusiveGateway id="G" default="no"/>
                <sequenceFlow id="yes" sourceRef="G" targetRef="e">
                  <conditionExpression>${retryPending and retryInterval.length() > 0 and ready != 'pendingNodes'}</conditionExpression>
                </sequenceFlow>
                <sequenceFlow id="no" sourceRef="G" targetRef="e"/><endEvent id="e"/>
                """);

        assertThat(validator.validate(file).processIds()).containsExactly("p");
    }

    @Test
    void refusesAJobPriorityAnywhere() {
        assertThat(problem(around("<serviceTask id=\"T\" camunda:jobPriority=\"10\" camunda:delegateExpression=\"${stopAgents}\"/>")))
                .contains("serviceTask T sets camunda:jobPriority");
        assertThat(problem(Bpmn.resource("p.bpmn", Bpmn.process("p",
                "isExecutable=\"true\" camunda:historyTimeToLive=\"1\" camunda:jobPriority=\"5\"",
                "<startEvent id=\"s\"/><sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"e\"/><endEvent id=\"e\"/>"))))
                .contains("process p sets camunda:jobPriority");
    }

    @Test
    void refusesABrokenFailedEndRule() {
        String end = """
                <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="%s"/>
                <endEvent id="%s" %s>%s</endEvent>
                """;
        String outcome = "<extensionElements><camunda:properties><camunda:property name=\"outcome\" value=\"%s\"/>"
                + "</camunda:properties></extensionElements>";
        assertThat(problem(flows(end.formatted("FailedApi", "FailedApi", "name=\"API gone\"", ""))))
                .contains("endEvent FailedApi \"API gone\" looks like a failed end but declares no outcome");
        assertThat(problem(flows(end.formatted("e", "e", "name=\"x\"", outcome.formatted("error")))))
                .contains("endEvent e \"x\" declares outcome \"error\"");
        assertThat(problem(flows(end.formatted("e", "e", "", outcome.formatted("failed")))))
                .contains("endEvent e is a failed end without a name");
        assertThat(validator.validate(flows(end.formatted("Gone", "Gone", "name=\"API gone\"", outcome.formatted("failed"))))
                .processIds()).containsExactly("p");
    }

    private String problem(WorkflowResource resource) {
        try {
            validator.validate(resource);
        } catch (WorkflowException e) {
            assertThat(e.getMessage().lines()).as("one problem").hasSize(1);
            return e.getMessage();
        }
        throw new AssertionError(resource.origin() + " passed");
    }
}
