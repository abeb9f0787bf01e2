package io.hecate.drills.edited;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The edits an operator makes in Camunda Modeler, on a built-in BPMN: delete a stage's retry loop, delete a
 * stage (its neighbours joined), swap two stages that follow each other. The diagram and the incoming/outgoing
 * hints are dropped (Modeler would redraw them; the engine follows sourceRef/targetRef).
 */
final class BpmnEdit {

    private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private final Document doc;

    private BpmnEdit(Document doc) {
        this.doc = doc;
    }

    static BpmnEdit of(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            for (String hint : List.of("incoming", "outgoing")) {
                elements(doc, hint).forEach(e -> e.getParentNode().removeChild(e));
            }
            NodeList diagrams = doc.getElementsByTagNameNS("http://www.omg.org/spec/BPMN/20100524/DI", "BPMNDiagram");
            while (diagrams.getLength() > 0) {
                diagrams.item(0).getParentNode().removeChild(diagrams.item(0));
            }
            return new BpmnEdit(doc);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Task -> retry gateway -> (timer -> task | default -> next) becomes task -> next. */
    BpmnEdit removeRetryLoop(String task) {
        Element out = single(flowsFrom(task), task + " outgoing");
        Element gateway = byId(out.getAttribute("targetRef"));
        Element next = byId(gateway.getAttribute("default"));
        for (Element flow : flowsFrom(gateway.getAttribute("id"))) {
            if (flow != next) {
                String timer = flow.getAttribute("targetRef");
                flowsFrom(timer).forEach(this::remove);
                remove(byId(timer));
                remove(flow);
            }
        }
        out.setAttribute("targetRef", next.getAttribute("targetRef"));
        remove(next);
        remove(gateway);
        return this;
    }

    /** The stage is deleted and what led to it leads to what came after it; its boundary events go with it. */
    BpmnEdit drop(String task) {
        if (hasRetryLoop(task)) {
            removeRetryLoop(task);
        }
        Element out = single(flowsFrom(task), task + " outgoing");
        for (Element in : flowsTo(task)) {
            in.setAttribute("targetRef", out.getAttribute("targetRef"));
        }
        remove(out);
        removeBoundaryEvents(task);
        remove(byId(task));
        return this;
    }

    /** A boundary event of a deleted task goes, and so does an end event only it led to. */
    private void removeBoundaryEvents(String task) {
        for (Element boundary : elements(doc, "boundaryEvent")) {
            if (!boundary.getAttribute("attachedToRef").equals(task)) {
                continue;
            }
            for (Element flow : flowsFrom(boundary.getAttribute("id"))) {
                String target = flow.getAttribute("targetRef");
                remove(flow);
                if (byId(target).getLocalName().equals("endEvent") && flowsTo(target).isEmpty()) {
                    remove(byId(target));
                }
            }
            remove(boundary);
        }
    }

    /**
     * A waiting stage deleted with its loop: task -> gateway (ready -> next | not yet -> timer -> task | deadline
     * passed -> failed end) becomes what led to the task -> next. The gateway's one flow to neither a timer nor an
     * end event is "next".
     */
    BpmnEdit dropWait(String task) {
        Element out = single(flowsFrom(task), task + " outgoing");
        Element gateway = byId(out.getAttribute("targetRef"));
        List<Element> onwards = new ArrayList<>();
        for (Element flow : flowsFrom(gateway.getAttribute("id"))) {
            Element target = byId(flow.getAttribute("targetRef"));
            if (target.getLocalName().equals("intermediateCatchEvent")) {
                flowsFrom(target.getAttribute("id")).forEach(this::remove);
                remove(target);
                remove(flow);
            } else if (target.getLocalName().equals("endEvent")) {
                remove(target);
                remove(flow);
            } else {
                onwards.add(flow);
            }
        }
        Element next = single(onwards, gateway.getAttribute("id") + " flow onwards");
        for (Element in : flowsTo(task)) {
            in.setAttribute("targetRef", next.getAttribute("targetRef"));
        }
        remove(next);
        remove(out);
        remove(gateway);
        remove(byId(task));
        return this;
    }

    /** first -> second becomes second -> first (neither may have a retry loop). */
    BpmnEdit swap(String first, String second) {
        Element between = single(flowsFrom(first), first + " outgoing");
        Element after = single(flowsFrom(second), second + " outgoing");
        flowsTo(first).forEach(in -> in.setAttribute("targetRef", second));
        between.setAttribute("sourceRef", second);
        between.setAttribute("targetRef", first);
        after.setAttribute("sourceRef", first);
        return this;
    }

    boolean hasRetryLoop(String task) {
        List<Element> out = flowsFrom(task);
        return out.size() == 1 && byId(out.get(0).getAttribute("targetRef")).getLocalName().equals("exclusiveGateway")
                && byId(out.get(0).getAttribute("targetRef")).getAttribute("id").startsWith("Retry");
    }

    byte[] bytes() {
        try {
            StringWriter out = new StringWriter();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Element> flowsFrom(String id) {
        return elements(doc, "sequenceFlow").stream().filter(f -> f.getAttribute("sourceRef").equals(id)).toList();
    }

    private List<Element> flowsTo(String id) {
        return elements(doc, "sequenceFlow").stream().filter(f -> f.getAttribute("targetRef").equals(id)).toList();
    }

    private Element byId(String id) {
        for (Element e : elements(doc, "*")) {
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new IllegalArgumentException("no element " + id);
    }

    private void remove(Node node) {
        node.getParentNode().removeChild(node);
    }

    private static Element single(List<Element> elements, String what) {
        if (elements.size() != 1) {
            throw new IllegalArgumentException(what + ": expected one flow, found " + elements.size());
        }
        return elements.get(0);
    }

    private static List<Element> elements(Document doc, String localName) {
        NodeList list = doc.getElementsByTagNameNS(BPMN, localName);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            elements.add((Element) list.item(i));
        }
        return elements;
    }
}
