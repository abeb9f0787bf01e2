package io.hecate.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.session.Configuration;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class ChildPathXPathFactoryTest {

    private static final String DOCUMENT = """
            <mapper namespace="n">
              <sql id="columns">A, B</sql>
              <select id="one"><selectKey keyProperty="id">x</selectKey>select <include refid="columns"/></select>
              <insert id="two">insert</insert>
              <other><select id="nested"/></other>
              <update id="three" xmlns="urn:elsewhere"/>
              <delete id="four">delete</delete>
              <cache-ref namespace="m"/>
            </mapper>
            """;

    private final XPath jdk = XPathFactory.newDefaultInstance().newXPath();
    private final XPath ours = new ChildPathXPathFactory().newXPath();

    @Test
    void answersChildPathsAndUnionsWithTheJdksNodesInDocumentOrder() throws Exception {
        Document document = parse(DOCUMENT);
        Node mapper = document.getDocumentElement();
        Node select = ((NodeList) jdk.evaluate("select", mapper, XPathConstants.NODESET)).item(0);
        for (String expression : List.of("/mapper", "/mapper/sql", "/mapper/select", "/nothing/select", "sql", "select|insert|update|delete",
                "delete|select", "cache-ref", "missing", "other/select", "selectKey", "include")) {
            for (Node context : List.of(document, mapper, select)) {
                assertThat(names(ours.evaluate(expression, context, XPathConstants.NODESET)))
                        .as("%s from %s", expression, context.getNodeName())
                        .isEqualTo(names(jdk.evaluate(expression, context, XPathConstants.NODESET)));
                assertThat(ours.evaluate(expression, context, XPathConstants.NODE))
                        .as("%s from %s", expression, context.getNodeName())
                        .isSameAs(jdk.evaluate(expression, context, XPathConstants.NODE));
            }
        }
        assertThat(names(ours.evaluate("select|insert|update|delete", mapper, XPathConstants.NODESET)))
                .containsExactly("select one", "insert two", "delete four");
    }

    @Test
    void leavesEveryOtherExpressionAndResultTypeToTheJdk() throws Exception {
        Node mapper = parse(DOCUMENT).getDocumentElement();
        assertThat(ours.evaluate("count(*)", mapper, XPathConstants.NUMBER)).isEqualTo(7.0);
        assertThat(ours.evaluate("select/@id", mapper, XPathConstants.STRING)).isEqualTo("one");
        assertThat(ours.evaluate("sql", mapper)).isEqualTo("A, B");
        assertThat(names(ours.evaluate("//select", mapper, XPathConstants.NODESET))).containsExactly("select one", "select nested");
        assertThat(names(ours.evaluate("*[@id='two']", mapper, XPathConstants.NODESET))).containsExactly("insert two");
    }

    @Test
    void camundasMappersBuildTheSameStatementsAsWithTheJdksXPath() {
        String property = XPathFactory.DEFAULT_PROPERTY_NAME + ":" + XPathFactory.DEFAULT_OBJECT_MODEL_URI;
        String before = System.getProperty(property);
        try {
            System.setProperty(property, "com.sun.org.apache.xpath.internal.jaxp.XPathFactoryImpl");
            Map<String, String> withJdk = statements(LeanEngineConfiguration.parseEveryStatement());
            System.clearProperty(property);
            Map<String, String> withOurs = statements(LeanEngineConfiguration.parseEveryStatement());

            assertThat(System.getProperty(property)).isEqualTo(ChildPathXPathFactory.class.getName());
            assertThat(withOurs).hasSizeGreaterThan(500).isEqualTo(withJdk);
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    /** Per statement what the XPath calls decide: kind, key generator, result maps, parameter map, SQL source. */
    private static Map<String, String> statements(Configuration mybatis) {
        Map<String, String> statements = new TreeMap<>();
        for (Object each : mybatis.getMappedStatements()) {
            if (each instanceof MappedStatement statement) {
                statements.put(statement.getId(), statement.getSqlCommandType() + " " + statement.getKeyGenerator().getClass().getSimpleName()
                        + " " + statement.getResultMaps().stream().map(map -> map.getId() + "/" + map.getResultMappings().size()).toList()
                        + " " + statement.getParameterMap().getId() + " " + statement.getSqlSource().getClass().getSimpleName());
            }
        }
        return statements;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> names(Object nodes) {
        List<String> names = new ArrayList<>();
        NodeList list = (NodeList) nodes;
        for (int i = 0; i < list.getLength(); i++) {
            Node node = list.item(i);
            Node id = node.getAttributes() == null ? null : node.getAttributes().getNamedItem("id");
            names.add(node.getNodeName() + (id == null ? "" : " " + id.getNodeValue()));
        }
        return names;
    }
}
