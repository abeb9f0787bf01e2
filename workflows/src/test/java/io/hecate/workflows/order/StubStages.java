package io.hecate.workflows.order;

import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.delegates.ConfirmRestoredDelegate;
import io.hecate.workflows.delegates.PostStartProbesDelegate;
import io.hecate.workflows.delegates.StorageGateDelegate;
import io.hecate.workflows.delegates.TimeSyncGateDelegate;
import io.hecate.workflows.delegates.WaitForApiDelegate;
import io.hecate.workflows.delegates.WaitForCoreDnsDelegate;
import io.hecate.workflows.delegates.WaitForFluxDelegate;
import io.hecate.workflows.delegates.WaitForGiteaDelegate;
import io.hecate.workflows.delegates.WaitForNodesReadyDelegate;
import io.hecate.workflows.delegates.WaitForSshDelegate;
import io.hecate.workflows.stage.NodeStep;
import io.hecate.workflows.stage.Wait;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * One stub per real bean name: it records the activity id it ran for, then plays the passes a test scripted for
 * that activity, one per visit; unscripted visits pass cleanly (no node left to retry, a wait stage ready).
 */
final class StubStages {

    /** The state variable each wait stage's gateway routes on, from the real delegates. */
    private static final Map<String, String> WAIT_STATES = Map.of(
            "timeSyncGate", TimeSyncGateDelegate.STATE,
            "waitForApi", WaitForApiDelegate.STATE,
            "waitForNodesReady", WaitForNodesReadyDelegate.STATE,
            "waitForCoreDns", WaitForCoreDnsDelegate.STATE,
            "storageGate", StorageGateDelegate.STATE,
            "waitForFlux", WaitForFluxDelegate.STATE,
            "waitForGitea", WaitForGiteaDelegate.STATE,
            "postStartProbes", PostStartProbesDelegate.STATE,
            "waitForSsh", WaitForSshDelegate.STATE);

    private final List<String> passed = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<StagePass>> scripts = new ConcurrentHashMap<>();

    Map<String, Object> beans() {
        Map<String, Object> beans = new ConcurrentHashMap<>();
        for (String name : HecateWorkflows.DELEGATE_NAMES) {
            beans.put(name, stub(name));
        }
        return beans;
    }

    private JavaDelegate stub(String beanName) {
        return execution -> {
            String activity = execution.getCurrentActivityId();
            passed.add(activity);
            Deque<StagePass> script = scripts.get(activity);
            StagePass pass = script == null ? null : script.poll();
            (pass == null ? clean(beanName) : pass).run(execution);
        };
    }

    private static StagePass clean(String beanName) {
        return execution -> {
            execution.setVariable(NodeStep.RETRY_PENDING, false);
            if (WAIT_STATES.containsKey(beanName)) {
                execution.setVariable(WAIT_STATES.get(beanName), Wait.READY);
            }
            if (beanName.equals("confirmRestored")) {
                execution.setVariable(ConfirmRestoredDelegate.RESTORED, true);
            }
        };
    }

    /** The next visits of {@code activity} play these passes in order; later visits pass cleanly. */
    void script(String activity, StagePass... passes) {
        scripts.computeIfAbsent(activity, a -> new ArrayDeque<>()).addAll(List.of(passes));
    }

    List<String> passed() {
        return List.copyOf(passed);
    }

    void reset() {
        passed.clear();
        scripts.clear();
    }
}
