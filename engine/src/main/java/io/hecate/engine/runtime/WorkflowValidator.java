package io.hecate.engine.runtime;

import io.hecate.connectors.Causes;
import io.hecate.engine.EditDistance;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.calendar.DurationHelper;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.InclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.ManualTask;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.ScriptTask;
import org.camunda.bpm.model.bpmn.instance.SendTask;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.SignalEventDefinition;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.ThrowEvent;
import org.camunda.bpm.model.bpmn.instance.Expression;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.xml.ModelException;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks a BPMN file before anything is deployed or run, for what the engine can run unattended: well-formed
 * and schema-valid XML; every process with an id, executable, with a history time to live; only task types
 * that need no person or outside sender (service tasks naming a known delegate, call activities); no catch
 * event waiting for a message or a signal nothing sends; every element reachable, every path ending in an end
 * event whose outcome is declared (see {@link EndOutcome}); no decision that can match no flow; timers that
 * parse; no {@code camunda:jobPriority} (the engine routes a run's jobs to its owner through the job priority); every
 * {@code ${...}} expression (conditions, timers, input/output parameters, ...) names only variables a run has, delegates
 * or {@code execution}.
 * Every problem is reported with the file, the element's id and name, and a one-line fix.
 */
public final class WorkflowValidator {

    private static final Pattern DELEGATE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Za-z][A-Za-z0-9]*}");
    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
    private static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    /** Text nothing evaluates (documentation, annotations) or that is refused anyway (scripts). */
    private static final Set<String> NO_EXPRESSIONS = Set.of("documentation", "textAnnotation", "text", "script");
    /** What the built-in failed ends were called before outcomes were declared: such an end must now say so. */
    private static final String LEGACY_FAILED_PREFIX = "Failed";

    /** What the engine itself offers every expression of a service-task process. */
    private static final String EXECUTION = "execution";

    private final Set<String> delegates;
    private final Set<String> variables;

    /**
     * @param delegates the bean names a task may name
     * @param variables every process variable a run can have: the start variables ({@link RunVariables#NAMES}) and
     *                  those the stages set
     */
    public WorkflowValidator(Set<String> delegates, Set<String> variables) {
        this.delegates = Set.copyOf(delegates);
        this.variables = Set.copyOf(variables);
    }

    /** A file that passed: the processes it defines and the processes its call activities call. */
    public record Checked(WorkflowResource resource, List<String> processIds, Set<String> calls) {
    }

    public Checked validate(WorkflowResource resource) {
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(resource.bytes()));
        } catch (ModelException e) {
            throw new WorkflowException(resource.origin() + ": not a valid BPMN file: " + rootMessage(e)
                    + "; fix: open it in Camunda Modeler and save it again, or export the built-in (hecate workflows export)", e);
        }
        Problems problems = new Problems(resource.origin());
        // the engine follows sourceRef/targetRef; the <outgoing> children Modeler also writes are not trusted
        Map<FlowNode, List<SequenceFlow>> outgoing = new HashMap<>();
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            if (flow.getSource() != null) {
                outgoing.computeIfAbsent(flow.getSource(), n -> new ArrayList<>()).add(flow);
            }
        }
        List<String> processIds = new ArrayList<>();
        for (Process process : model.getModelElementsByType(Process.class)) {
            String id = process.getId();
            if (id == null || id.isBlank()) {
                throw new WorkflowException(resource.origin() + ": a process has no id; fix: give it the id of the Hecate workflow it"
                        + " replaces (e.g. hecate-shutdown)");
            }
            if (!process.isExecutable()) {
                throw new WorkflowException(resource.origin() + ": process " + id + " is not executable; fix: tick \"Executable\" in"
                        + " Modeler (isExecutable=\"true\")");
            }
            if (process.getCamundaHistoryTimeToLiveString() == null) {
                throw new WorkflowException(resource.origin() + ": process " + id + " has no camunda:historyTimeToLive; fix: set"
                        + " History cleanup > Time to live in Modeler (the built-ins use P180D)");
            }
            processIds.add(id);
            checkGraph(process, outgoing, problems);
        }
        if (processIds.isEmpty()) {
            throw new WorkflowException(resource.origin() + ": defines no process; fix: start from 'hecate workflows export'");
        }
        checkTaskTypes(model, problems);
        checkCatchEvents(model, problems);
        checkEnds(model, problems);
        checkDecisions(model, outgoing, problems);
        checkJobPriority(model, problems);
        checkExpressions(model, problems);
        problems.throwIfAny();
        Set<String> calls = new LinkedHashSet<>();
        model.getModelElementsByType(CallActivity.class).forEach(c -> calls.add(c.getCalledElement()));
        return new Checked(resource, processIds, calls);
    }

    private void checkTaskTypes(BpmnModelInstance model, Problems problems) {
        model.getModelElementsByType(ServiceTask.class).forEach(t -> checkDelegate(problems, t, t.getCamundaDelegateExpression(),
                t.getCamundaClass(), t.getCamundaExpression(), t.getCamundaType()));
        model.getModelElementsByType(SendTask.class).forEach(t -> checkDelegate(problems, t, t.getCamundaDelegateExpression(),
                t.getCamundaClass(), t.getCamundaExpression(), t.getCamundaType()));
        String unattended = "Hecate runs unattended; make it a service task with a Hecate element template, or delete it";
        model.getModelElementsByType(UserTask.class).forEach(t -> problems.add(t, "is a user task: nobody would ever complete it",
                unattended));
        model.getModelElementsByType(ManualTask.class).forEach(t -> problems.add(t, "is a manual task: nobody would ever do it",
                unattended));
        model.getModelElementsByType(ReceiveTask.class).forEach(t -> problems.add(t, "is a receive task: nothing sends it a message",
                unattended));
        model.getModelElementsByType(ScriptTask.class).forEach(t -> problems.add(t, "is a script task: Hecate runs no scripts",
                "move the logic into a delegate (see 'Adding a stage' in docs/operations.md)"));
        model.getModelElementsByType(BusinessRuleTask.class).forEach(t -> problems.add(t,
                "is a business rule task: Hecate evaluates no decision tables", "use a gateway with conditions and a default flow"));
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if ("task".equals(node.getElementType().getTypeName())) {
                problems.add(node, "is a plain task without a Hecate element template: it would do nothing",
                        "apply a Hecate template in Modeler (Template > Select) or delete it");
            }
        }
    }

    private void checkDelegate(Problems problems, FlowElement task, String delegateExpression, String className,
            String expression, String type) {
        String known = "known: " + String.join(", ", delegates.stream().sorted().toList());
        if (className != null || expression != null || type != null) {
            problems.add(task, "must name a Hecate delegate", "set camunda:delegateExpression=\"${name}\"; " + known);
            return;
        }
        if (delegateExpression == null) {
            problems.add(task, "names no delegate", "apply a Hecate element template (it sets camunda:delegateExpression); " + known);
            return;
        }
        Matcher m = DELEGATE.matcher(delegateExpression.strip());
        if (!m.matches() || !delegates.contains(m.group(1))) {
            problems.add(task, "names an unknown delegate " + delegateExpression, "use one of the known delegates; " + known);
        }
    }

    private static void checkCatchEvents(BpmnModelInstance model, Problems problems) {
        Set<ModelElementInstance> thrownSignals = new HashSet<>();
        for (ThrowEvent thrown : model.getModelElementsByType(ThrowEvent.class)) {
            thrown.getEventDefinitions().stream().filter(SignalEventDefinition.class::isInstance)
                    .map(d -> ((SignalEventDefinition) d).getSignal()).forEach(thrownSignals::add);
        }
        for (CatchEvent event : model.getModelElementsByType(CatchEvent.class)) {
            for (EventDefinition definition : event.getEventDefinitions()) {
                if (definition instanceof MessageEventDefinition) {
                    problems.add(event, "waits for a message: Hecate sends none, the run would wait forever",
                            "use a timer loop or a gateway, or delete it");
                } else if (definition instanceof SignalEventDefinition signal && !thrownSignals.contains(signal.getSignal())) {
                    problems.add(event, "waits for a signal nothing in this file throws: the run would wait forever",
                            "add the throwing event or delete the catch");
                } else if (definition instanceof TimerEventDefinition timer) {
                    checkTimer(event, timer, problems);
                }
            }
        }
    }

    private static void checkTimer(CatchEvent event, TimerEventDefinition timer, Problems problems) {
        List<Expression> set = new ArrayList<>();
        for (Expression e : new Expression[] {timer.getTimeDuration(), timer.getTimeCycle(), timer.getTimeDate()}) {
            if (e != null) {
                set.add(e);
            }
        }
        if (set.size() != 1) {
            problems.add(event, "is a timer with " + (set.isEmpty() ? "no" : "more than one") + " time expression",
                    "set exactly one of duration, cycle or date (e.g. duration PT10S)");
            return;
        }
        String text = set.get(0).getTextContent() == null ? "" : set.get(0).getTextContent().strip();
        if (VARIABLE.matcher(text).matches()) {
            return;
        }
        try {
            if (timer.getTimeDate() != null) {
                java.time.OffsetDateTime.parse(text);
            } else {
                new DurationHelper(text);
            }
        } catch (Exception e) {
            problems.add(event, "has a timer expression that does not parse: \"" + text + "\"",
                    "use an ISO-8601 duration (PT10S), cycle (R3/PT10S) or date (2026-01-01T00:00:00Z), or ${variable}");
        }
    }

    /** From every start event along the flows, into sub-processes and their boundary events: what is never reached. */
    private static void checkGraph(Process process, Map<FlowNode, List<SequenceFlow>> outgoing, Problems problems) {
        Collection<FlowElement> all = process.getChildElementsByType(FlowElement.class);
        List<FlowNode> nodes = new ArrayList<>();
        collectNodes(all, nodes);
        Set<FlowNode> reached = new HashSet<>();
        Deque<FlowNode> todo = new ArrayDeque<>();
        all.stream().filter(e -> e instanceof StartEvent || isEventSubProcess(e)).map(FlowNode.class::cast).forEach(todo::add);
        while (!todo.isEmpty()) {
            FlowNode node = todo.pop();
            if (!reached.add(node)) {
                continue;
            }
            for (SequenceFlow flow : outgoing.getOrDefault(node, List.of())) {
                if (flow.getTarget() != null) {
                    todo.add(flow.getTarget());
                }
            }
            if (node instanceof SubProcess sub) {
                sub.getChildElementsByType(FlowElement.class).stream()
                        .filter(e -> e instanceof StartEvent || isEventSubProcess(e)).map(FlowNode.class::cast).forEach(todo::add);
            }
            if (node instanceof Activity) {
                nodes.stream().filter(n -> n instanceof BoundaryEvent b && node.equals(b.getAttachedTo())).forEach(todo::add);
            }
        }
        for (FlowNode node : nodes) {
            if (!reached.contains(node)) {
                problems.add(node, "is unreachable: no flow from a start event leads to it", "connect it with a sequence flow or delete it");
            }
            if (!outgoing.containsKey(node) && !(node instanceof EndEvent) && !isEventSubProcess(node)
                    && !(node instanceof BoundaryEvent b && isCompensation(b))) {
                problems.add(node, "leads nowhere: the run would silently end there as if it succeeded",
                        "add a sequence flow to the next stage or to an end event");
            }
        }
        for (SequenceFlow flow : process.getChildElementsByType(SequenceFlow.class)) {
            if (flow.getSource() == null || flow.getTarget() == null) {
                problems.add(flow, "is a sequence flow without " + (flow.getSource() == null ? "source" : "target"),
                        "connect both ends in Modeler or delete it");
            }
        }
    }

    private static void collectNodes(Collection<FlowElement> elements, List<FlowNode> into) {
        for (FlowElement element : elements) {
            if (element instanceof FlowNode node) {
                into.add(node);
            }
            if (element instanceof SubProcess sub) {
                collectNodes(sub.getChildElementsByType(FlowElement.class), into);
            }
        }
    }

    private static boolean isEventSubProcess(ModelElementInstance element) {
        return element instanceof SubProcess sub && sub.triggeredByEvent();
    }

    private static boolean isCompensation(BoundaryEvent event) {
        return event.getEventDefinitions().stream().anyMatch(d -> d.getElementType().getTypeName().equals("compensateEventDefinition"));
    }

    private static void checkEnds(BpmnModelInstance model, Problems problems) {
        for (EndEvent end : model.getModelElementsByType(EndEvent.class)) {
            String declared = declaredOutcome(end);
            boolean errorEnd = end.getEventDefinitions().stream().anyMatch(ErrorEventDefinition.class::isInstance);
            if (declared != null && EndOutcome.parse(declared).isEmpty()) {
                problems.add(end, "declares outcome \"" + declared + "\"", "set outcome to succeeded or failed (template \"Hecate end\")");
                continue;
            }
            if (errorEnd && end.getEventDefinitions().stream()
                    .anyMatch(d -> d instanceof ErrorEventDefinition e && e.getError() == null)) {
                problems.add(end, "is an error end event naming no error", "pick or create an error in Modeler (Error > Global error reference)");
            }
            EndOutcome outcome = EndOutcome.of(declared, errorEnd);
            if (errorEnd && outcome == EndOutcome.SUCCEEDED) {
                problems.add(end, "throws an error but declares outcome succeeded", "set outcome to failed or make it a plain end event");
            }
            if (outcome == EndOutcome.FAILED && (end.getName() == null || end.getName().isBlank())) {
                problems.add(end, "is a failed end without a name: the run would fail without saying why",
                        "name it after what went wrong, e.g. \"Kubernetes API never returned\"");
            }
            if (declared == null && !errorEnd && end.getId().startsWith(LEGACY_FAILED_PREFIX)) {
                problems.add(end, "looks like a failed end but declares no outcome: the run would count as succeeded",
                        "apply the template \"Hecate end\" with outcome failed (or succeeded if it is a good end)");
            }
        }
    }

    static String declaredOutcome(BaseElement element) {
        if (element.getExtensionElements() == null) {
            return null;
        }
        for (CamundaProperties properties : element.getExtensionElements().getChildElementsByType(CamundaProperties.class)) {
            for (CamundaProperty property : properties.getCamundaProperties()) {
                if (EndOutcome.PROPERTY.equals(property.getCamundaName())) {
                    return property.getCamundaValue();
                }
            }
        }
        return null;
    }

    /** A decision whose every flow has a condition can match none, and Camunda then stops the run with an error. */
    private static void checkDecisions(BpmnModelInstance model, Map<FlowNode, List<SequenceFlow>> outgoing, Problems problems) {
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            List<SequenceFlow> flows = outgoing.getOrDefault(node, List.of());
            if (flows.isEmpty() || flows.stream().anyMatch(f -> f.getConditionExpression() == null)) {
                continue;
            }
            boolean hasDefault = node instanceof ExclusiveGateway g ? g.getDefault() != null
                    : node instanceof InclusiveGateway g ? g.getDefault() != null
                    : node instanceof Activity a && a.getAttributeValue("default") != null;
            if (!hasDefault) {
                problems.add(node, "has a condition on every outgoing flow and no default flow: when none holds the run stops",
                        "mark one outgoing flow as the default flow (Modeler: wrench > Default flow)");
            }
        }
    }

    private static void checkJobPriority(BpmnModelInstance model, Problems problems) {
        for (BaseElement element : model.getModelElementsByType(BaseElement.class)) {
            if (element.getAttributeValueNs(CAMUNDA_NS, "jobPriority") != null) {
                problems.add(element, "sets camunda:jobPriority: Hecate routes a run's jobs to its owner by job priority, so the run"
                        + " would never be carried on", "remove the job priority (Modeler: Job execution > Priority)");
            }
        }
    }

    /**
     * Every expression in a Camunda attribute or in an element's text (documentation aside) names only known
     * variables, delegates, {@code execution} or a local variable the file itself defines (an input or output
     * parameter, a multi-instance element variable). A typo would otherwise fail the run at that element.
     */
    private void checkExpressions(BpmnModelInstance model, Problems problems) {
        Element root = ((Document) model.getDocument().getDomSource().getNode()).getDocumentElement();
        Set<String> known = new HashSet<>(variables);
        known.addAll(delegates);
        known.add(EXECUTION);
        known.addAll(localNames(root));
        checkExpressions(model, root, null, known, problems);
    }

    private void checkExpressions(BpmnModelInstance model, Element element, BaseElement owner, Set<String> known, Problems problems) {
        if (!BPMN_NS.equals(element.getNamespaceURI()) && !CAMUNDA_NS.equals(element.getNamespaceURI())
                || NO_EXPRESSIONS.contains(element.getLocalName()) && !CAMUNDA_NS.equals(element.getNamespaceURI())) {
            return;
        }
        if (element.hasAttribute("id") && !element.getLocalName().endsWith("EventDefinition")
                && model.getModelElementById(element.getAttribute("id")) instanceof BaseElement base) {
            owner = base;
        }
        // the engine has no script engine at all (see LeanEngineConfiguration): a script would fail the run there
        boolean script = CAMUNDA_NS.equals(element.getNamespaceURI()) && "script".equals(element.getLocalName());
        if (owner != null && (script || element.hasAttribute("language"))) {
            problems.add(owner, "has a " + (script ? "camunda:script" : element.getLocalName() + " in the language '"
                    + element.getAttribute("language") + "'") + ": Hecate runs no scripts",
                    "write it as an expression ${...} or move the logic into a delegate");
            return;
        }
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            // a delegate expression is checked against the delegates, with its own message
            if (CAMUNDA_NS.equals(attribute.getNamespaceURI()) && !"delegateExpression".equals(attribute.getLocalName())) {
                checkExpression(owner, "camunda:" + attribute.getLocalName(), attribute.getNodeValue(), known, problems);
            }
        }
        StringBuilder text = new StringBuilder();
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(child.getNodeValue());
            } else if (child instanceof Element nested) {
                checkExpressions(model, nested, owner, known, problems);
            }
        }
        checkExpression(owner, element.getLocalName(), text.toString(), known, problems);
    }

    private void checkExpression(BaseElement owner, String where, String text, Set<String> known, Problems problems) {
        if (owner == null || !ExpressionNames.isExpression(text)) {
            return;
        }
        String expression = text.strip();
        Set<String> names;
        try {
            names = ExpressionNames.of(expression);
        } catch (IllegalArgumentException e) {
            problems.add(owner, "has an expression in its " + where + " that does not parse: " + expression + " (" + e.getMessage() + ")",
                    "write it as ${name} or ${name == 'value'}");
            return;
        }
        for (String name : names) {
            if (!known.contains(name)) {
                problems.add(owner, "uses " + expression + " in its " + where + ", but no run has a variable " + name
                        + ": the run would fail there", fixFor(name));
            }
        }
    }

    private String fixFor(String unknown) {
        List<String> names = variables.stream().sorted().toList();
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String name : names) {
            int distance = EditDistance.between(unknown.toLowerCase(java.util.Locale.ROOT), name.toLowerCase(java.util.Locale.ROOT));
            if (distance < best) {
                best = distance;
                closest = name;
            }
        }
        if (closest != null && best <= Math.max(2, unknown.length() / 3)) {
            return "did you mean " + closest + "? (known variables: " + String.join(", ", names) + ")";
        }
        return "use one of the known variables: " + String.join(", ", names);
    }

    /** Names an element of the file gives to a local variable: input/output parameters, multi-instance element variables. */
    private static Set<String> localNames(Element root) {
        Set<String> names = new HashSet<>();
        for (String parameter : List.of("inputParameter", "outputParameter")) {
            NodeList list = root.getElementsByTagNameNS(CAMUNDA_NS, parameter);
            for (int i = 0; i < list.getLength(); i++) {
                names.add(((Element) list.item(i)).getAttribute("name"));
            }
        }
        NodeList loops = root.getElementsByTagNameNS(BPMN_NS, "multiInstanceLoopCharacteristics");
        for (int i = 0; i < loops.getLength(); i++) {
            String element = ((Element) loops.item(i)).getAttributeNS(CAMUNDA_NS, "elementVariable");
            if (!element.isEmpty()) {
                names.add(element);
            }
        }
        return names;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = Causes.root(e);
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replace('\n', ' ');
    }

    /** Every problem of one file, each on a line naming the element and how to fix it. */
    private static final class Problems {
        private final String origin;
        private final List<String> lines = new ArrayList<>();

        Problems(String origin) {
            this.origin = origin;
        }

        void add(BaseElement element, String problem, String fix) {
            String name = element instanceof FlowElement f && f.getName() != null ? " \"" + f.getName().replaceAll("\\s+", " ") + "\"" : "";
            String line = origin + ": " + element.getElementType().getTypeName() + " " + element.getId() + name + " " + problem
                    + "; fix: " + fix;
            if (!lines.contains(line)) {
                lines.add(line);
            }
        }

        void throwIfAny() {
            if (!lines.isEmpty()) {
                throw new WorkflowException(String.join("\n", lines));
            }
        }
    }
}
