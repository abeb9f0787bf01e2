package io.hecate.workflows;

import io.hecate.engine.runtime.WorkflowResource;
import io.hecate.workflows.delegates.ApplyGiteaBootstrapDelegate;
import io.hecate.workflows.delegates.ConfirmRestoredDelegate;
import io.hecate.workflows.delegates.PowerOnNodesDelegate;
import io.hecate.workflows.delegates.WaitForSshDelegate;
import io.hecate.workflows.delegates.DrainWorkersDelegate;
import io.hecate.workflows.delegates.FindSnapshotDelegate;
import io.hecate.workflows.delegates.KillUpsPowerDelegate;
import io.hecate.workflows.delegates.MoveAsideOtherDbsDelegate;
import io.hecate.workflows.delegates.PostStartProbesDelegate;
import io.hecate.workflows.delegates.PowerOffNodesDelegate;
import io.hecate.workflows.delegates.PowerOffSelfDelegate;
import io.hecate.workflows.delegates.ReconcileFluxDelegate;
import io.hecate.workflows.delegates.RefreshBootstrapCacheDelegate;
import io.hecate.workflows.delegates.ResetClusterDelegate;
import io.hecate.workflows.delegates.ResumeFluxDelegate;
import io.hecate.workflows.delegates.SetIntentDelegate;
import io.hecate.workflows.delegates.SnapshotEtcdDelegate;
import io.hecate.workflows.delegates.StartAgentsDelegate;
import io.hecate.workflows.delegates.StartOtherServersDelegate;
import io.hecate.workflows.delegates.StartRestoredServerDelegate;
import io.hecate.workflows.delegates.StartServersDelegate;
import io.hecate.workflows.delegates.StopAgentsDelegate;
import io.hecate.workflows.delegates.StopNodesDelegate;
import io.hecate.workflows.delegates.StopServersDelegate;
import io.hecate.workflows.delegates.StorageGateDelegate;
import io.hecate.workflows.delegates.SuspendFluxDelegate;
import io.hecate.workflows.delegates.TimeSyncGateDelegate;
import io.hecate.workflows.delegates.UncordonNodesDelegate;
import io.hecate.workflows.delegates.UnsealVaultDelegate;
import io.hecate.workflows.delegates.WaitForApiDelegate;
import io.hecate.workflows.delegates.WaitForFluxDelegate;
import io.hecate.workflows.delegates.WaitForGiteaDelegate;
import io.hecate.workflows.delegates.WaitForNodesReadyDelegate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** The built-in BPMN files and the delegates their tasks name. */
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

    public static List<WorkflowResource> builtIn() {
        List<WorkflowResource> resources = new ArrayList<>();
        for (String process : BUILT_IN) {
            String fileName = process + ".bpmn";
            try (InputStream in = HecateWorkflows.class.getResourceAsStream("/bpmn/" + fileName)) {
                if (in == null) {
                    throw new IllegalStateException("built-in workflow missing from the jar: " + fileName);
                }
                resources.add(new WorkflowResource("built-in " + fileName, fileName, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return resources;
    }

    /** Every delegate type; each takes the {@link WorkflowContext} as its only constructor argument. */
    private static final List<Class<? extends JavaDelegate>> DELEGATES = List.of(
            SetIntentDelegate.class,
            SnapshotEtcdDelegate.class,
            SuspendFluxDelegate.class,
            DrainWorkersDelegate.class,
            StopAgentsDelegate.class,
            StopServersDelegate.class,
            StopNodesDelegate.class,
            PowerOffNodesDelegate.class,
            KillUpsPowerDelegate.class,
            PowerOffSelfDelegate.class,
            TimeSyncGateDelegate.class,
            StartServersDelegate.class,
            WaitForApiDelegate.class,
            StartAgentsDelegate.class,
            WaitForNodesReadyDelegate.class,
            UncordonNodesDelegate.class,
            UnsealVaultDelegate.class,
            StorageGateDelegate.class,
            ResumeFluxDelegate.class,
            WaitForFluxDelegate.class,
            ApplyGiteaBootstrapDelegate.class,
            WaitForGiteaDelegate.class,
            ReconcileFluxDelegate.class,
            PostStartProbesDelegate.class,
            RefreshBootstrapCacheDelegate.class,
            FindSnapshotDelegate.class,
            ResetClusterDelegate.class,
            StartRestoredServerDelegate.class,
            MoveAsideOtherDbsDelegate.class,
            StartOtherServersDelegate.class,
            PowerOnNodesDelegate.class,
            WaitForSshDelegate.class,
            ConfirmRestoredDelegate.class);

    /** The bean names BPMN tasks may name: the class name without "Delegate", in lower camel case. */
    public static final Set<String> DELEGATE_NAMES = DELEGATES.stream().map(HecateWorkflows::beanName)
            .collect(Collectors.toUnmodifiableSet());

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
