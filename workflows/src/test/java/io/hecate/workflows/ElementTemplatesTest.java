package io.hecate.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hecate.engine.intent.IntentState;
import io.hecate.engine.runtime.EndOutcome;
import io.hecate.engine.runtime.WorkflowResource;
import io.hecate.workflows.delegates.SetIntentDelegate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Camunda Modeler element templates: one per delegate, valid against the element templates JSON schema
 * (vendored from npm, see src/test/resources/element-templates-json-schema), and in step with the built-in BPMN.
 */
class ElementTemplatesTest {

    static final Path TEMPLATES = Path.of("src/main/resources/element-templates");
    static final Path SCHEMA = Path.of("src/test/resources/element-templates-json-schema/schema.json");
    static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
    static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    static final ObjectMapper JSON = new ObjectMapper();
    /** The end-event template: it declares a path's outcome. */
    static final Path END = TEMPLATES.resolve("end.json");

    @Test
    void everyDelegateHasATemplate() throws IOException {
        assertThat(templates().keySet())
                .as("templates in %s (one <bean name>.json per delegate in HecateWorkflows.DELEGATE_NAMES)", TEMPLATES)
                .containsAll(HecateWorkflows.DELEGATE_NAMES);
    }

    @Test
    void everyTemplateNamesAKnownDelegate() throws IOException {
        assertThat(HecateWorkflows.DELEGATE_NAMES).containsAll(templates().keySet());
    }

    @Test
    void templatesAreValidAgainstTheElementTemplatesSchema() throws IOException {
        JsonSchemaSubset schema = schema();
        templates().forEach((bean, template) -> assertThat(schema.validate(template)).as(bean + ".json").isEmpty());
    }

    @Test
    void templatesBindTheirDelegateAsyncBefore() throws IOException {
        templates().forEach((bean, template) -> {
            assertThat(template.path("$schema").asText())
                    .isEqualTo("https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json");
            assertThat(template.path("id").asText()).as(bean).isEqualTo("io.hecate." + bean);
            assertThat(template.path("name").asText()).as(bean).startsWith("Hecate: ");
            assertThat(template.path("appliesTo")).as(bean).containsExactly(JSON.getNodeFactory().textNode("bpmn:ServiceTask"));
            assertThat(property(template, "property", "camunda:delegateExpression").path("value").asText()).as(bean)
                    .isEqualTo("${" + bean + "}");
            assertThat(property(template, "property", "camunda:delegateExpression").path("type").asText()).isEqualTo("Hidden");
            assertThat(property(template, "property", "camunda:asyncBefore").path("value").asBoolean()).as(bean).isTrue();
        });
    }

    @Test
    void setIntentOffersEveryIntentState() throws IOException {
        JsonNode intent = property(templates().get("setIntent"), "camunda:inputParameter", SetIntentDelegate.INTENT);

        assertThat(intent.path("type").asText()).isEqualTo("Dropdown");
        assertThat(intent.path("choices").findValuesAsText("value"))
                .containsExactlyElementsOf(Arrays.stream(IntentState.values()).map(IntentState::wire).toList());
    }

    @Test
    void builtInServiceTasksAgreeWithTheirTemplates() throws Exception {
        Map<String, JsonNode> templates = templates();
        for (WorkflowResource resource : HecateWorkflows.builtIn().values()) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            NodeList tasks = factory.newDocumentBuilder().parse(new ByteArrayInputStream(resource.bytes()))
                    .getElementsByTagNameNS(BPMN, "serviceTask");
            for (int i = 0; i < tasks.getLength(); i++) {
                Element task = (Element) tasks.item(i);
                String where = resource.fileName() + " " + task.getAttribute("id");
                String bean = task.getAttributeNS(CAMUNDA, "delegateExpression").replaceAll("^\\$\\{|}$", "");
                assertThat(templates).as(where).containsKey(bean);
                assertThat(task.getAttributeNS(CAMUNDA, "asyncBefore")).as(where).isEqualTo("true");
                // the cycle applies to the failing job: the task's own async-before job
                NodeList cycles = task.getElementsByTagNameNS(CAMUNDA, "failedJobRetryTimeCycle");
                assertThat(cycles.getLength()).as(where + " retry cycle").isEqualTo(1);
                assertThat(cycles.item(0).getTextContent().strip()).as(where + " retry cycle").matches("R[1-9]\\d*/PT[1-9]\\d*S");
                NodeList inputs = task.getElementsByTagNameNS(CAMUNDA, "inputParameter");
                for (int j = 0; j < inputs.getLength(); j++) {
                    Element input = (Element) inputs.item(j);
                    JsonNode declared = property(templates.get(bean), "camunda:inputParameter", input.getAttribute("name"));
                    if (declared.has("choices")) {
                        assertThat(declared.path("choices").findValuesAsText("value")).as(where).contains(input.getTextContent().strip());
                    }
                }
            }
        }
    }

    @Test
    void endTemplateOffersEveryOutcomeAsTheCamundaPropertyTheEngineReads() throws IOException {
        JsonNode end = JSON.readTree(END.toFile());
        JsonNode outcome = property(end, "camunda:property", EndOutcome.PROPERTY);

        assertThat(schema().validate(end)).isEmpty();
        assertThat(end.path("appliesTo")).containsExactly(JSON.getNodeFactory().textNode("bpmn:EndEvent"));
        assertThat(outcome.path("choices").findValuesAsText("value"))
                .containsExactlyElementsOf(Arrays.stream(EndOutcome.values()).map(EndOutcome::value).toList());
    }

    @Test
    void everyBuiltInEndEventDeclaresItsOutcomeWithTheEndTemplate() throws Exception {
        for (WorkflowResource resource : HecateWorkflows.builtIn().values()) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            NodeList ends = factory.newDocumentBuilder().parse(new ByteArrayInputStream(resource.bytes()))
                    .getElementsByTagNameNS(BPMN, "endEvent");
            for (int i = 0; i < ends.getLength(); i++) {
                Element end = (Element) ends.item(i);
                String where = resource.fileName() + " " + end.getAttribute("id");
                assertThat(end.getAttributeNS(CAMUNDA, "modelerTemplate")).as(where).isEqualTo("io.hecate.end");
                NodeList properties = end.getElementsByTagNameNS(CAMUNDA, "property");
                assertThat(properties.getLength()).as(where).isEqualTo(1);
                assertThat(EndOutcome.parse(((Element) properties.item(0)).getAttribute("value"))).as(where).isPresent();
            }
        }
    }

    @Nested
    class SchemaCheck {

        @Test
        void rejectsATemplateWithoutName() throws IOException {
            ObjectNode broken = templates().get("stopAgents").deepCopy();
            broken.remove("name");

            assertThat(schema().validate(broken)).isNotEmpty();
        }

        @Test
        void rejectsAnUnknownBindingType() throws IOException {
            ObjectNode broken = templates().get("stopAgents").deepCopy();
            ((ObjectNode) broken.path("properties").get(0).path("binding")).put("type", "camunda:delegate");

            assertThat(schema().validate(broken)).anyMatch(error -> error.contains("/properties/0/binding/type: must be one of"));
        }

        @Test
        void rejectsADropdownWithoutChoices() throws IOException {
            ObjectNode broken = templates().get("setIntent").deepCopy();
            ((ObjectNode) broken.path("properties").get(2)).remove("choices");

            assertThat(schema().validate(broken)).anyMatch(error -> error.contains("choices"));
        }

        @Test
        void rejectsAnInputParameterWithoutName() throws IOException {
            ObjectNode broken = templates().get("setIntent").deepCopy();
            ((ObjectNode) broken.path("properties").get(2).path("binding")).remove("name");

            assertThat(schema().validate(broken)).anyMatch(error -> error.contains("name"));
        }
    }

    /** The delegate templates, by bean name (every template but {@link #END}). */
    static Map<String, JsonNode> templates() throws IOException {
        Map<String, JsonNode> templates = new TreeMap<>();
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json") && !path.equals(END)).toList()) {
                templates.put(file.getFileName().toString().replaceFirst("\\.json$", ""), JSON.readTree(file.toFile()));
            }
        }
        return templates;
    }

    static JsonSchemaSubset schema() throws IOException {
        return new JsonSchemaSubset(JSON.readTree(SCHEMA.toFile()));
    }

    static JsonNode property(JsonNode template, String bindingType, String name) {
        List<JsonNode> matches = template.path("properties").findParents("binding").stream()
                .filter(property -> property.path("binding").path("type").asText().equals(bindingType)
                        && property.path("binding").path("name").asText().equals(name))
                .toList();
        assertThat(matches).as("%s: one %s binding named %s", template.path("id").asText(), bindingType, name).hasSize(1);
        return matches.get(0);
    }
}
