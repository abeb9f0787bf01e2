package io.hecate.engine.runtime;

import io.hecate.connectors.kube.KubeException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** One fixture for engines under test: the test workflows, a recording delegate, a failing one and a flaky API call. */
final class TestEngines {

    static final String RUN = "test-run";
    static final String FAILED_END = "test-failed-end";
    static final String ERROR_END = "test-error-end";
    static final String INCIDENT = "test-incident";
    static final String FAILS_AT_START = "test-fails-at-start";
    /** One async stage with the retry cycle {@code R3/PT1S} whose delegate answers as {@link #apiAnswers} says. */
    static final String RETRIED = "test-retried";
    /** Two async stages: the first holds until {@link #held} opens, the second records its step. */
    static final String HELD = "test-held";
    /** The same, its holding stage run by the start itself (not async): the start holds its transaction open. */
    static final String HELD_AT_START = "test-held-at-start";
    /** What the held stage waits for (at most a minute). */
    final CountDownLatch held = new CountDownLatch(1);
    /** The API's answer to the retried stage, per run: a list of HTTP codes, one per attempt, 200 once it runs out. */
    final Map<String, List<Integer>> apiAnswers = new ConcurrentHashMap<>();
    /** Attempts of the retried stage, per run. */
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    /** Activity ids the recording delegate saw, in order, across every engine of this JVM. */
    final List<String> steps = new CopyOnWriteArrayList<>();

    final Map<String, Object> delegates = new HashMap<>();

    TestEngines() {
        delegates.put("recordStep", (JavaDelegate) execution -> steps.add(execution.getCurrentActivityId()));
        delegates.put("failStep", (JavaDelegate) execution -> {
            throw new RuntimeException("the step broke on purpose");
        });
        delegates.put("holdStep", (JavaDelegate) execution -> {
            steps.add(execution.getCurrentActivityId());
            held.await(1, TimeUnit.MINUTES);
        });
        delegates.put("callApi", (JavaDelegate) execution -> {
            String runId = (String) execution.getVariable(RunVariables.RUN_ID);
            int attempt = attempts.computeIfAbsent(runId, id -> new AtomicInteger()).getAndIncrement();
            List<Integer> answers = apiAnswers.getOrDefault(runId, List.of());
            int code = attempt < answers.size() ? answers.get(attempt) : 200;
            if (code != 200) {
                throw new KubeException("cannot patch", "GitRepository flux-system/flux-system", "HTTP " + code,
                        "the API server failed", code, null);
            }
        });
    }

    static List<WorkflowResource> builtIns() {
        List<WorkflowResource> resources = new ArrayList<>();
        resources.add(Bpmn.resource("run.bpmn", Bpmn.timerRun(RUN, "recordStep", "PT1S", "Done")));
        resources.add(Bpmn.resource("failed-end.bpmn", Bpmn.timerRun(FAILED_END, "recordStep", "PT1S", "NodesUnreachable")
                .replace("<endEvent id=\"NodesUnreachable\" name=\"NodesUnreachable\"/>", """
                        <endEvent id="NodesUnreachable" name="Nodes unreachable"><extensionElements><camunda:properties>
                          <camunda:property name="outcome" value="failed"/></camunda:properties></extensionElements></endEvent>
                        """)));
        resources.add(Bpmn.resource("error-end.bpmn", Bpmn.executable(ERROR_END, """
                <startEvent id="Start"/>
                <sequenceFlow id="f1" sourceRef="Start" targetRef="RecordStep"/>
                <serviceTask id="RecordStep" name="Record step" camunda:delegateExpression="${recordStep}"/>
                <sequenceFlow id="f2" sourceRef="RecordStep" targetRef="Gone"/>
                <endEvent id="Gone" name="API gone"><errorEventDefinition errorRef="ApiGone"/></endEvent>
                """).replace("<process", "<error id=\"ApiGone\" errorCode=\"ApiGone\"/><process")));
        resources.add(Bpmn.resource("incident.bpmn", Bpmn.executable(INCIDENT, """
                <startEvent id="Start"/>
                <sequenceFlow id="f1" sourceRef="Start" targetRef="Wait"/>
                <intermediateCatchEvent id="Wait"><timerEventDefinition><timeDuration>PT1S</timeDuration></timerEventDefinition></intermediateCatchEvent>
                <sequenceFlow id="f2" sourceRef="Wait" targetRef="Breaks"/>
                <serviceTask id="Breaks" name="Breaks" camunda:delegateExpression="${failStep}"/>
                <sequenceFlow id="f3" sourceRef="Breaks" targetRef="Done"/>
                <endEvent id="Done"/>
                """)));
        resources.add(Bpmn.resource("fails-at-start.bpmn", Bpmn.executable(FAILS_AT_START, """
                <startEvent id="Start"/>
                <sequenceFlow id="f1" sourceRef="Start" targetRef="Breaks"/>
                <serviceTask id="Breaks" name="Breaks" camunda:delegateExpression="${failStep}"/>
                <sequenceFlow id="f2" sourceRef="Breaks" targetRef="Done"/>
                <endEvent id="Done"/>
                """)));
        resources.add(Bpmn.resource("retried.bpmn", Bpmn.executable(RETRIED, """
                <startEvent id="Start"/>
                <sequenceFlow id="f1" sourceRef="Start" targetRef="CallApi"/>
                <serviceTask id="CallApi" name="Call the API" camunda:asyncBefore="true" camunda:delegateExpression="${callApi}">
                  <extensionElements><camunda:failedJobRetryTimeCycle>R3/PT1S</camunda:failedJobRetryTimeCycle></extensionElements>
                </serviceTask>
                <sequenceFlow id="f2" sourceRef="CallApi" targetRef="Done"/>
                <endEvent id="Done"/>
                """)));
        resources.add(Bpmn.resource("held.bpmn", Bpmn.executable(HELD, """
                <startEvent id="Start"/>
                <sequenceFlow id="f1" sourceRef="Start" targetRef="Hold"/>
                <serviceTask id="Hold" name="Hold" camunda:asyncBefore="true" camunda:delegateExpression="${holdStep}"/>
                <sequenceFlow id="f2" sourceRef="Hold" targetRef="Record"/>
                <serviceTask id="Record" name="Record" camunda:asyncBefore="true" camunda:delegateExpression="${recordStep}"/>
                <sequenceFlow id="f3" sourceRef="Record" targetRef="Done"/>
                <endEvent id="Done"/>
                """)));
        resources.add(Bpmn.resource("held-at-start.bpmn", Bpmn.executable(HELD_AT_START, """
                <startEvent id="Start"/>
                <sequenceFlow id="f1" sourceRef="Start" targetRef="HoldAtStart"/>
                <serviceTask id="HoldAtStart" name="Hold at start" camunda:delegateExpression="${holdStep}"/>
                <sequenceFlow id="f2" sourceRef="HoldAtStart" targetRef="Record"/>
                <serviceTask id="Record" name="Record" camunda:asyncBefore="true" camunda:delegateExpression="${recordStep}"/>
                <sequenceFlow id="f3" sourceRef="Record" targetRef="Done"/>
                <endEvent id="Done"/>
                """)));
        return resources;
    }

    EngineSettings settings(Path stateDir, Path overrideDir) {
        WorkflowValidator validator = new WorkflowValidator(delegates.keySet(), RunVariables.NAMES);
        Map<String, WorkflowResource> builtIns = new LinkedHashMap<>();
        builtIns().forEach(resource -> builtIns.put(validator.validate(resource).processIds().get(0), resource));
        return new EngineSettings(stateDir.resolve("engine"), delegates, WorkflowCatalog.of(builtIns, overrideDir, validator), Clock.systemUTC());
    }

    static Map<String, Object> variables(String runId) {
        return Map.of(RunVariables.RUN_ID, runId, RunVariables.TRIGGER, "cli", RunVariables.MODE, "full", RunVariables.EXECUTE, true);
    }
}
