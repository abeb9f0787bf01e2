package io.hecate.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.namespace.NamespaceContext;
import javax.xml.namespace.QName;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;
import javax.xml.xpath.XPathFunctionResolver;
import javax.xml.xpath.XPathVariableResolver;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The JDK's XPath, with the child paths MyBatis asks for while it builds Camunda's mappers ({@code /mapper/sql},
 * {@code selectKey}, {@code select|insert|update|delete}) answered by walking the element's children. The JDK builds
 * a DTM of the whole document for each such call: a third of every engine boot's mapper parse. Any other expression,
 * node or result type goes to the JDK's XPath unchanged; the answers are the same nodes in the same document order.
 * Public with a public constructor: {@link XPathFactory#newInstance()} creates it by name ({@link #install}).
 */
public final class ChildPathXPathFactory extends XPathFactory {

    private static final String NAME = "[A-Za-z_][\\w.-]*";
    private static final Pattern PATH = Pattern.compile("/?" + NAME + "(/" + NAME + ")*");
    private static final Pattern UNION = Pattern.compile(NAME + "(\\|" + NAME + ")+");
    private static final String PROPERTY = DEFAULT_PROPERTY_NAME + ":" + DEFAULT_OBJECT_MODEL_URI;

    private final XPathFactory jdk = XPathFactory.newDefaultInstance();

    /** Makes this the JVM's DOM XPath factory, unless the operator chose one with the system property. */
    static void install() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, ChildPathXPathFactory.class.getName());
        }
    }

    @Override
    public boolean isObjectModelSupported(String model) {
        return DEFAULT_OBJECT_MODEL_URI.equals(model);
    }

    @Override
    public void setFeature(String name, boolean value) throws XPathFactoryConfigurationException {
        jdk.setFeature(name, value);
    }

    @Override
    public boolean getFeature(String name) throws XPathFactoryConfigurationException {
        return jdk.getFeature(name);
    }

    @Override
    public void setXPathVariableResolver(XPathVariableResolver resolver) {
        jdk.setXPathVariableResolver(resolver);
    }

    @Override
    public void setXPathFunctionResolver(XPathFunctionResolver resolver) {
        jdk.setXPathFunctionResolver(resolver);
    }

    @Override
    public XPath newXPath() {
        return new ChildPathXPath(jdk.newXPath());
    }

    /** Answers a child path or a union of child names itself, in document order; everything else is the JDK's. */
    private record ChildPathXPath(XPath jdk) implements XPath {

        @Override
        public Object evaluate(String expression, Object item, QName returnType) throws XPathExpressionException {
            boolean many = XPathConstants.NODESET.equals(returnType);
            if (!(item instanceof Node node) || !(many || XPathConstants.NODE.equals(returnType))) {
                return jdk.evaluate(expression, item, returnType);
            }
            List<Node> found;
            if (PATH.matcher(expression).matches()) {
                found = path(node, expression);
            } else if (UNION.matcher(expression).matches()) {
                found = new ArrayList<>();
                children(node, List.of(expression.split("\\|")), found);
            } else {
                return jdk.evaluate(expression, item, returnType);
            }
            if (!many) {
                return found.isEmpty() ? null : found.get(0);
            }
            return new NodeList() {
                @Override
                public Node item(int index) {
                    return index >= 0 && index < found.size() ? found.get(index) : null;
                }

                @Override
                public int getLength() {
                    return found.size();
                }
            };
        }

        private static List<Node> path(Node node, String expression) {
            boolean absolute = expression.startsWith("/");
            List<Node> found = List.of(!absolute || node instanceof Document ? node : node.getOwnerDocument());
            for (String step : (absolute ? expression.substring(1) : expression).split("/")) {
                List<Node> next = new ArrayList<>();
                for (Node parent : found) {
                    children(parent, List.of(step), next);
                }
                found = next;
            }
            return found;
        }

        /** The element children named one of {@code names} (no namespace, as an unprefixed XPath name test). */
        private static void children(Node parent, List<String> names, List<Node> into) {
            for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child.getNodeType() == Node.ELEMENT_NODE && child.getNamespaceURI() == null && names.contains(child.getNodeName())) {
                    into.add(child);
                }
            }
        }

        @Override
        public String evaluate(String expression, Object item) throws XPathExpressionException {
            return jdk.evaluate(expression, item);
        }

        @Override
        public Object evaluate(String expression, InputSource source, QName returnType) throws XPathExpressionException {
            return jdk.evaluate(expression, source, returnType);
        }

        @Override
        public String evaluate(String expression, InputSource source) throws XPathExpressionException {
            return jdk.evaluate(expression, source);
        }

        @Override
        public XPathExpression compile(String expression) throws XPathExpressionException {
            return jdk.compile(expression);
        }

        @Override
        public void reset() {
            jdk.reset();
        }

        @Override
        public void setXPathVariableResolver(XPathVariableResolver resolver) {
            jdk.setXPathVariableResolver(resolver);
        }

        @Override
        public XPathVariableResolver getXPathVariableResolver() {
            return jdk.getXPathVariableResolver();
        }

        @Override
        public void setXPathFunctionResolver(XPathFunctionResolver resolver) {
            jdk.setXPathFunctionResolver(resolver);
        }

        @Override
        public XPathFunctionResolver getXPathFunctionResolver() {
            return jdk.getXPathFunctionResolver();
        }

        @Override
        public void setNamespaceContext(NamespaceContext context) {
            jdk.setNamespaceContext(context);
        }

        @Override
        public NamespaceContext getNamespaceContext() {
            return jdk.getNamespaceContext();
        }
    }
}
