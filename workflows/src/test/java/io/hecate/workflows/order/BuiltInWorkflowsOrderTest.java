package io.hecate.workflows.order;

import static io.hecate.workflows.order.StagePass.bpmnError;
import static io.hecate.workflows.order.StagePass.fail;
import static io.hecate.workflows.order.StagePass.retryPending;
import static io.hecate.workflows.order.StagePass.state;
import static io.hecate.workflows.order.StagePass.variable;
import static io.hecate.workflows.order.WorkflowRunAssert.assertThat;

import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.delegates.ApplyGiteaBootstrapDelegate;
import io.hecate.workflows.delegates.ConfirmRestoredDelegate;
import io.hecate.workflows.delegates.FindSnapshotDelegate;
import io.hecate.workflows.delegates.ResetClusterDelegate;
import io.hecate.workflows.delegates.TimeSyncGateDelegate;
import io.hecate.workflows.delegates.UnsealVaultDelegate;
import io.hecate.workflows.delegates.WaitForApiDelegate;
import io.hecate.workflows.delegates.WaitForFluxDelegate;
import io.hecate.workflows.delegates.WaitForSshDelegate;
import io.hecate.workflows.stage.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The built-in BPMN files, run in memory with stub stages: order, branches, fallbacks, retries and failed ends of
 * every built-in workflow, in milliseconds per run. The lab tests keep the end-to-end truth.
 */
class BuiltInWorkflowsOrderTest {

    private static InMemoryWorkflows workflows;

    @BeforeAll
    static void startEngine() {
        workflows = new InMemoryWorkflows();
    }

    @AfterAll
    static void closeEngine() {
        workflows.close();
    }

    private static StubStages stages() {
        return workflows.stages();
    }

    @Nested
    class Shutdown {

        private WorkflowRun run() {
            return workflows.run(HecateWorkflows.SHUTDOWN, Trigger.CLI, RunMode.FULL);
        }

        @Test
        void stopsAgentsBeforeServersAndPowersThisHostOffLast() {
            assertThat(run()).passedExactly("SetIntentShuttingDown", "SnapshotEtcd", "SuspendFlux", "DrainWorkers", "StopAgents",
                            "StopServers", "PowerOffNodes", "SetIntentShutdownComplete", "KillUpsPower", "PowerOffSelf")
                    .endedAt("ShutdownDone").succeeded();
        }

        @Test
        void retriesAgentsLeftOverBeforeStoppingServers() {
            stages().script("StopAgents", retryPending(), retryPending());
            assertThat(run()).passedTimes("StopAgents", 3).passedInOrder("StopAgents", "StopAgents", "StopAgents", "StopServers")
                    .succeeded();
        }

        @Test
        void retriesControlPlanesLeftOverBeforePoweringOff() {
            stages().script("StopServers", retryPending());
            assertThat(run()).passedInOrder("StopAgents", "StopServers", "StopServers", "PowerOffNodes").succeeded();
        }

        @Test
        void retriesPowerOffOfNodesLeftOverInTheCalledPoweroff() {
            stages().script("PowerOffNodes", retryPending());
            assertThat(run()).passedInOrder("PowerOffNodes", "PowerOffNodes", "SetIntentShutdownComplete").succeeded();
        }

        @Test
        void aStageFailingEveryAttemptEndsTheRunFailedAfterItsRetryCycle() {
            stages().script("SuspendFlux", fail(), fail(), fail());
            assertThat(run()).passedTimes("SuspendFlux", 3).neverPassed("DrainWorkers", "StopAgents", "PowerOffSelf").failed();
        }

        @Test
        void aStageFailingOnceGoesOnWithTheRetriedAttempt() {
            stages().script("SnapshotEtcd", fail());
            assertThat(run()).passedInOrder("SnapshotEtcd", "SnapshotEtcd", "SuspendFlux", "PowerOffSelf").succeeded();
        }
    }

    @Nested
    class EmergencyShutdown {

        private WorkflowRun run() {
            return workflows.run(HecateWorkflows.EMERGENCY_SHUTDOWN, Trigger.UPS, RunMode.EMERGENCY);
        }

        @Test
        void stopsEveryNodeAtOnceWithoutTheStagedSteps() {
            assertThat(run()).passedExactly("SetIntentShuttingDown", "SnapshotEtcd", "DrainWorkers", "StopAndPowerOffNodes",
                            "SetIntentShutdownComplete", "KillUpsPower", "PowerOffSelf")
                    .neverPassed("SuspendFlux", "StopAgents", "StopServers").endedAt("ShutdownDone").succeeded();
        }

        @Test
        void retriesNodesLeftOverBeforeTheIntentSaysComplete() {
            stages().script("StopAndPowerOffNodes", retryPending());
            assertThat(run()).passedInOrder("StopAndPowerOffNodes", "StopAndPowerOffNodes", "SetIntentShutdownComplete").succeeded();
        }

        @Test
        void aFailingKillOfUpsPowerEndsTheRunFailedBeforeThisHostPowersOff() {
            stages().script("KillUpsPower", fail(), fail());
            assertThat(run()).passedTimes("KillUpsPower", 2).neverPassed("PowerOffSelf").failed();
        }
    }

    @Nested
    class PowerOff {

        @Test
        void powersOffNodesAndRetriesTheOnesLeft() {
            stages().script("PowerOffNodes", retryPending(), retryPending());
            assertThat(workflows.run(HecateWorkflows.POWEROFF, Trigger.CLI, RunMode.FULL)).passedExactly("PowerOffNodes",
                    "PowerOffNodes", "PowerOffNodes").endedAt("PoweredOff").succeeded();
        }

        @Test
        void failsWhenPoweringOffFailsEveryAttempt() {
            stages().script("PowerOffNodes", fail(), fail());
            assertThat(workflows.run(HecateWorkflows.POWEROFF, Trigger.CLI, RunMode.FULL)).passedTimes("PowerOffNodes", 2).failed();
        }
    }

    @Nested
    class Startup {

        private WorkflowRun run() {
            return workflows.run(HecateWorkflows.STARTUP, Trigger.CLI, RunMode.STARTUP);
        }

        @Test
        void startsServersBeforeAgentsAndSetsIntentNormalLast() {
            assertThat(run()).passedExactly("SetIntentStartupInProgress", "TimeSyncGate", "StartServers", "WaitForApi",
                            "StartAgents", "WaitForNodesReady", "UncordonNodes", "WaitForCoreDns", "UnsealVault", "StorageGate",
                            "ResumeFlux", "WaitForFlux", "PostStartProbes", "RefreshBootstrapCache", "SetIntentNormal")
                    .endedAt("StartupDone").succeeded();
        }

        @Test
        void waitsForClocksThroughItsTimerLoop() {
            stages().script("TimeSyncGate", state(TimeSyncGateDelegate.STATE, Wait.WAITING), state(TimeSyncGateDelegate.STATE, Wait.WAITING));
            assertThat(run()).passedInOrder("TimeSyncGate", "TimeSyncGate", "TimeSyncGate", "StartServers").succeeded();
        }

        @Test
        void clocksNeverInSyncEndFailedBeforeAnyServerStarts() {
            stages().script("TimeSyncGate", state(TimeSyncGateDelegate.STATE, Wait.TIMED_OUT));
            assertThat(run()).neverPassed("StartServers").endedAt("FailedTimeSync").failed();
        }

        @Test
        void restoresEtcdWhenTheApiNeedsItThenWaitsForTheApiAgain() {
            stages().script("WaitForApi", state(WaitForApiDelegate.STATE, WaitForApiDelegate.RESTORE));
            assertThat(run()).passedInOrder("WaitForApi", "StopServers", "FindSnapshot", "ResetCluster", "StartRestoredServer",
                    "MoveAsideOtherDbs", "StartOtherServers", "WaitForApi", "StartAgents").endedAt("StartupDone").succeeded();
        }

        @Test
        void startsServersAgainForAnExternalDatastore() {
            stages().script("WaitForApi", state(WaitForApiDelegate.STATE, WaitForApiDelegate.RESTART_SERVERS));
            assertThat(run()).passedInOrder("StartServers", "WaitForApi", "StartServers", "WaitForApi", "StartAgents").succeeded();
        }

        @Test
        void apiNeverReturningEndsFailedBeforeAgentsStart() {
            stages().script("WaitForApi", state(WaitForApiDelegate.STATE, Wait.TIMED_OUT));
            assertThat(run()).neverPassed("StartAgents").endedAt("FailedApiNeverReturned").failed();
        }

        @Test
        void vaultStillSealedEndsFailedWithoutResumingFlux() {
            stages().script("UnsealVault", bpmnError(UnsealVaultDelegate.SEALED));
            assertThat(run()).passedInOrder("WaitForCoreDns", "UnsealVault").neverPassed("StorageGate", "ResumeFlux", "SetIntentNormal")
                    .endedAt("FailedVaultSealed").failed();
        }

        @Test
        void breaksTheFluxGiteaDeadlockWithTheBootstrapManifests() {
            stages().script("WaitForFlux", state(WaitForFluxDelegate.STATE, WaitForFluxDelegate.GITEA_DOWN));
            assertThat(run()).passedInOrder("ResumeFlux", "WaitForFlux", "ApplyGiteaBootstrap", "WaitForGitea", "ReconcileFlux",
                    "WaitForFlux", "PostStartProbes").endedAt("StartupDone").succeeded();
        }

        @Test
        void noBootstrapManifestsEndsFailed() {
            stages().script("WaitForFlux", state(WaitForFluxDelegate.STATE, WaitForFluxDelegate.GITEA_DOWN));
            stages().script("ApplyGiteaBootstrap", bpmnError(ApplyGiteaBootstrapDelegate.NO_MANIFESTS));
            assertThat(run()).neverPassed("WaitForGitea", "SetIntentNormal").endedAt("FailedNoBootstrapManifests").failed();
        }

        @Test
        void retriesWorkersLeftOverBeforeWaitingForNodes() {
            stages().script("StartAgents", retryPending());
            assertThat(run()).passedInOrder("StartAgents", "StartAgents", "WaitForNodesReady").succeeded();
        }
    }

    @Nested
    class EtcdRestore {

        private WorkflowRun run() {
            return workflows.run(HecateWorkflows.ETCD_RESTORE, Trigger.CLI, RunMode.RESTORE);
        }

        @Test
        void stopsServersBeforeResettingAndStartsTheRestoredServerFirst() {
            assertThat(run()).passedExactly("StopServers", "FindSnapshot", "ResetCluster", "StartRestoredServer", "MoveAsideOtherDbs",
                    "StartOtherServers").endedAt("EtcdRestored").succeeded();
        }

        @Test
        void noSnapshotEndsFailedBeforeAnyReset() {
            stages().script("FindSnapshot", bpmnError(FindSnapshotDelegate.NO_SNAPSHOT));
            assertThat(run()).neverPassed("ResetCluster").endedAt("FailedNoSnapshot").failed();
        }

        @Test
        void aFailedResetEndsFailed() {
            stages().script("ResetCluster", bpmnError(ResetClusterDelegate.RESET_FAILED));
            assertThat(run()).neverPassed("StartRestoredServer").endedAt("FailedReset").failed();
        }

        @Test
        void aRestoredServerThatDoesNotStartEndsFailedBeforeTouchingTheOthers() {
            stages().script("StartRestoredServer", bpmnError(ResetClusterDelegate.RESET_FAILED));
            assertThat(run()).neverPassed("MoveAsideOtherDbs", "StartOtherServers").endedAt("FailedReset").failed();
        }

        @Test
        void retriesServersLeftOverAtEachNodeStage() {
            stages().script("StopServers", retryPending());
            stages().script("MoveAsideOtherDbs", retryPending());
            stages().script("StartOtherServers", retryPending());
            assertThat(run()).passedExactly("StopServers", "StopServers", "FindSnapshot", "ResetCluster", "StartRestoredServer",
                    "MoveAsideOtherDbs", "MoveAsideOtherDbs", "StartOtherServers", "StartOtherServers").succeeded();
        }
    }

    @Nested
    class PowerRestore {

        private WorkflowRun run() {
            return workflows.run(HecateWorkflows.POWER_RESTORE, Trigger.POWER_RESTORED, RunMode.STARTUP);
        }

        @Test
        void powersNodesOnWaitsForSshThenRunsTheStagedStartup() {
            stages().script("WaitForSsh", state(WaitForSshDelegate.STATE, Wait.WAITING));
            assertThat(run()).passedInOrder("SetIntentStartupInProgress", "PowerOnNodes", "WaitForSsh", "WaitForSsh", "TimeSyncGate",
                    "StartServers", "SetIntentNormal", "ConfirmRestored").endedAt("ClusterRestored").succeeded();
        }

        @Test
        void goesOnToTheStartupWhenSshDeadlinePassed() {
            stages().script("WaitForSsh", state(WaitForSshDelegate.STATE, Wait.TIMED_OUT));
            assertThat(run()).passedInOrder("WaitForSsh", "TimeSyncGate").endedAt("ClusterRestored").succeeded();
        }

        @Test
        void endsFailedWhenTheStartupDidNotReachNormal() {
            stages().script("ConfirmRestored", variable(ConfirmRestoredDelegate.RESTORED, false));
            assertThat(run()).endedAt("FailedNotNormal").failed();
        }
    }
}
