package io.hecate.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.hecate.engine.runtime.WorkflowValidator;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HecateWorkflowsTest {

    @Test
    void findsEveryDelegateClassOfTheDelegatesPackageWithoutAList() throws IOException {
        Set<String> sources;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/hecate/workflows/delegates"))) {
            sources = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("Delegate.java"))
                    .map(n -> Character.toLowerCase(n.charAt(0)) + n.substring(1, n.length() - "Delegate.java".length()))
                    .collect(Collectors.toSet());
        }

        assertThat(HecateWorkflows.DELEGATE_NAMES).isEqualTo(sources).contains("stopAgents", "waitForCoreDns");
    }

    @Test
    void everyBuiltInWorkflowIsValidAgainstTheRegisteredDelegates() {
        WorkflowValidator validator = new WorkflowValidator(HecateWorkflows.DELEGATE_NAMES, HecateWorkflows.VARIABLE_NAMES);
        // what lets a run trust the built-ins without checking them again (WorkflowCatalog)
        HecateWorkflows.builtIn().forEach((process, resource) -> {
            WorkflowValidator.Checked checked = validator.validate(resource);
            assertThat(checked.processIds()).as(resource.fileName()).containsExactly(process);
            assertThat(resource.fileName()).isEqualTo(process + ".bpmn");
            assertThat(checked.calls()).as(resource.fileName() + " calls").isSubsetOf(HecateWorkflows.builtIn().keySet());
        });
        assertThat(HecateWorkflows.builtIn()).containsKeys(HecateWorkflows.STARTUP, HecateWorkflows.ETCD_RESTORE);
    }

    /** Where a delegate names a process variable: the variable methods and the calls that hand Wait its variables. */
    /** A constant: {@code NAME} (the delegate's own) or {@code Type.NAME}. */
    private static final String CONSTANT = "((?:[A-Z]\\w*\\.)?[A-Z][A-Z0-9_]*)";
    /** Where a delegate names a process variable: the variable methods and the calls that hand Wait its variables. */
    private static final List<Pattern> VARIABLE_USES = List.of(
            Pattern.compile("(?:set|get|has|remove)Variable\\(\\s*([^,)]+)\\s*[,)]"),
            Pattern.compile("Wait\\.of\\(execution,\\s*" + CONSTANT + "\\s*,"),
            Pattern.compile("conclude\\(\\s*" + CONSTANT + "\\s*,"),
            Pattern.compile("keepWaiting\\([^;]*?,\\s*" + CONSTANT + ",\\s*context\\.clock\\(\\)\\)"));

    @Test
    void everyVariableADelegateUsesIsAKnownVariableSoTheValidatorAcceptsExpressionsOnIt() throws Exception {
        Path sources = Path.of("src/main/java", DelegateScan.PACKAGE.replace('.', '/'));
        Map<String, String> used = new TreeMap<>();
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith("Delegate.java")).toList()) {
                String owner = file.getFileName().toString().replace(".java", "");
                String text = Files.readString(file);
                for (Pattern use : VARIABLE_USES) {
                    Matcher m = use.matcher(text);
                    while (m.find()) {
                        used.put(owner + ": " + m.group(1), constant(owner, m.group(1)));
                    }
                }
            }
        }
        assertThat(used).as("the scan finds the delegates' variables").hasSizeGreaterThan(20);
        used.forEach((where, name) -> assertThat(HecateWorkflows.VARIABLE_NAMES)
                .as(where + " = \"" + name + "\": declare it in the delegate's @ProcessVariables").contains(name));
    }

    /** The value of a String constant named {@code NAME} (the delegate's own) or {@code Type.NAME}. */
    private static String constant(String delegate, String reference) throws ReflectiveOperationException {
        assertThat(reference).as(delegate + ": name a process variable by a constant, not " + reference).matches(CONSTANT);
        int dot = reference.lastIndexOf('.');
        String type = dot < 0 ? delegate : reference.substring(0, dot);
        Class<?> owner = null;
        for (String pkg : List.of(DelegateScan.PACKAGE, "io.hecate.workflows.stage", "io.hecate.engine.runtime")) {
            try {
                owner = Class.forName(pkg + "." + type);
                break;
            } catch (ClassNotFoundException notHere) {
                // try the next package
            }
        }
        assertThat(owner).as(delegate + " names variable " + reference + ": a constant of an unknown type").isNotNull();
        Field field = owner.getDeclaredField(reference.substring(dot + 1));
        field.setAccessible(true);
        return (String) field.get(null);
    }
}
