package io.hecate.engine.runtime;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Attaches the {@link RunRecorder} to every process and every stage (task, call activity, sub-process) of
 * every deployed BPMN, so no workflow has to remember to record itself, and gives every end event its declared
 * {@link EndOutcome}.
 */
final class RunRecordingParseListener extends AbstractBpmnParseListener {

    private final RunRecorder recorder;

    RunRecordingParseListener(RunRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        processDefinition.setProperty(BpmnParse.PROPERTYNAME_JOB_PRIORITY, new OwnerPriority());
        processDefinition.addListener(ExecutionListener.EVENTNAME_START, recorder.processStarted());
        processDefinition.addListener(ExecutionListener.EVENTNAME_END, recorder.processEnded());
    }

    @Override
    public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        record(element, activity);
    }

    @Override
    public void parseSendTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        record(element, activity);
    }

    @Override
    public void parseBusinessRuleTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        record(element, activity);
    }

    @Override
    public void parseScriptTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        record(element, activity);
    }

    @Override
    public void parseTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        record(element, activity);
    }

    @Override
    public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        record(element, activity);
    }

    @Override
    public void parseManualTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        record(element, activity);
    }

    @Override
    public void parseReceiveTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        record(element, activity);
    }

    @Override
    public void parseCallActivity(Element element, ScopeImpl scope, ActivityImpl activity) {
        record(element, activity);
    }

    @Override
    public void parseSubProcess(Element element, ScopeImpl scope, ActivityImpl activity) {
        record(element, activity);
    }

    /** How the run ends when it reaches this end event, as the BPMN declares it (the validator checked the value). */
    @Override
    public void parseEndEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
        activity.setProperty(RunRecorder.OUTCOME, EndOutcome.of(declaredOutcome(element), element.element("errorEventDefinition") != null));
    }

    private static String declaredOutcome(Element endEvent) {
        Element extensions = endEvent.element("extensionElements");
        Element properties = extensions == null ? null : extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
        if (properties == null) {
            return null;
        }
        for (Element property : properties.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
            if (EndOutcome.PROPERTY.equals(property.attribute("name"))) {
                return property.attribute("value");
            }
        }
        return null;
    }

    private void record(Element element, ActivityImpl activity) {
        String elementVariable = elementVariable(element);
        activity.addListener(ExecutionListener.EVENTNAME_START, recorder.stageStarted(elementVariable));
        activity.addListener(ExecutionListener.EVENTNAME_END, recorder.stageEnded(elementVariable));
    }

    private static String elementVariable(Element element) {
        Element loop = element.element("multiInstanceLoopCharacteristics");
        return loop == null ? null : loop.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "elementVariable");
    }
}
