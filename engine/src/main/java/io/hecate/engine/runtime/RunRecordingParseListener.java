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
 * every deployed BPMN, so no workflow has to remember to record itself.
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
