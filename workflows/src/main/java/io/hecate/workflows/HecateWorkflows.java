package io.hecate.workflows;

import io.hecate.engine.runtime.RunVariables;
import io.hecate.engine.runtime.WorkflowResource;
import io.hecate.workflows.stage.NodeStep;
import io.hecate.workflows.stage.ProcessVariables;
import io.hecate.workflows.stage.Wait;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** The built-in BPMN files and the delegates their tasks name (every delegate class of the delegates package). */
public final class HecateWorkflows {

    public static final String SHUTDOWN = "hecate-shutdown";
    public static final String EMERGENCY_SHUTDOWN = "hecate-emergency-shutdown";
    public static final String POWEROFF = "hecate-poweroff";
    public static final String STARTUP = "hecate-startup";
    public static final String ETCD_RESTORE = "hecate-etcd-restore";
    public static final String POWER_RESTORE = "hecate-power-restore";

    private static final List<String> BUILT_IN = List.of(SHUTDOWN, EMERGENCY_SHUTDOWN, POWEROFF, STARTUP, ETCD_RESTORE,
            POWER_RESTORE);

    private HecateWorkflows() {
    }

    /** Process id -> the built-in file defining it, named after it ({@code HecateWorkflowsTest} checks both). */
    public static Map<String, WorkflowResource> builtIn() {
        Map<String, WorkflowResource> resources = new LinkedHashMap<>();
        for (String process : BUILT_IN) {
            String fileName = process + ".bpmn";
            try (InputStream in = HecateWorkflows.class.getResourceAsStream("/bpmn/" + fileName)) {
                if (in == null) {
                    throw new IllegalStateException("built-in workflow missing from the jar: " + fileName);
                }
                resources.put(process, new WorkflowResource("built-in " + fileName, fileName, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return resources;
    }

    /** Every delegate type (found, see {@link DelegateScan}); each takes the {@link WorkflowContext} as its only constructor argument. */
    private static final List<Class<? extends JavaDelegate>> DELEGATES = DelegateScan.find();

    /** The bean names BPMN tasks may name: the class name without "Delegate", in lower camel case. */
    public static final Set<String> DELEGATE_NAMES = DELEGATES.stream().map(HecateWorkflows::beanName)
            .collect(Collectors.toUnmodifiableSet());

    /**
     * Every process variable a run can have, the names a BPMN expression may use: the start variables, the
     * shared stage helpers' ({@link Wait}, {@link NodeStep}) and what each delegate declares ({@link ProcessVariables}).
     * NodeStep's per-task retry state ({@code pendingNodes.<task>}) is not among them: no expression should read it.
     */
    public static final Set<String> VARIABLE_NAMES = Stream.of(RunVariables.NAMES.stream(),
                    Stream.of(Wait.INTERVAL, NodeStep.RETRY_PENDING, NodeStep.RETRY_INTERVAL),
                    DELEGATES.stream().map(type -> type.getAnnotation(ProcessVariables.class)).filter(Objects::nonNull)
                            .flatMap(declared -> Arrays.stream(declared.value())))
            .flatMap(names -> names).collect(Collectors.toUnmodifiableSet());

    public static Map<String, Object> delegates(WorkflowContext context) {
        Map<String, Object> beans = new LinkedHashMap<>();
        for (Class<? extends JavaDelegate> type : DELEGATES) {
            try {
                beans.put(beanName(type), type.getConstructor(WorkflowContext.class).newInstance(context));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("delegate " + type.getName() + " needs a public (WorkflowContext) constructor", e);
            }
        }
        return beans;
    }

    static String beanName(Class<?> type) {
        String simple = type.getSimpleName().replaceFirst("Delegate$", "");
        return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }
}
