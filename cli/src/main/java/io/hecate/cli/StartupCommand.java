package io.hecate.cli;

import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import io.hecate.workflows.delegates.ResumeFluxDelegate;
import io.hecate.workflows.startup.StartupGuards;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "startup", mixinStandardHelpOptions = true,
        description = {"Bring the cluster up in stages after a power loss.",
            "Stages: clocks, servers, API (etcd restore if it never comes), agents, nodes Ready, uncordon, Vault unseal,",
            "storage, Flux (breaking the Flux/Gitea deadlock), probes.",
            "Refused (exit 3) on a peer, on battery or while a shutdown runs. A dry run unless --execute is given."})
final class StartupCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--execute", description = "Really start (default: dry run).")
    boolean execute;

    @Option(names = "--force-flux-branch", paramLabel = "B", description = "Point the Flux GitRepository at branch B before reconciling.")
    String fluxBranch;

    @Option(names = "--allow-peer-startup", description = "Start the cluster from a peer.")
    boolean allowPeerStartup;

    @Option(names = "--auto-peer-failover",
            description = "On a peer: hand startup to the coordinator over SSH, waiting coordination.coordinator_boot_wait_seconds"
                    + " for one that boots; start here only if it never answers.")
    boolean autoPeerFailover;

    @Option(names = "--power-on", description = {"Power the nodes on first (restore.nodes: Wake-on-LAN or power_on_command),",
        "wait for SSH, then start: the hecate-power-restore workflow, as the daemon runs it after an outage."})
    boolean powerOn;

    @Option(names = "--allow-on-battery", description = "Start even though the UPS is on battery.")
    boolean allowOnBattery;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; kept in the intent file and the run history.")
    String reason;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        HecateConfig cfg = config.load();
        PrintWriter err = spec.commandLine().getErr();
        StartupGuards guards = new StartupGuards(cfg, note -> {
            err.println("hecate: " + note);
            err.flush();
        });
        StartupGuards.Decision decision = guards.check(new StartupGuards.Options(execute, allowPeerStartup, autoPeerFailover, allowOnBattery));
        if (decision == StartupGuards.Decision.HANDED_TO_COORDINATOR) {
            spec.commandLine().getOut().printf("startup ran on the coordinator %s%n", cfg.coordination().coordinatorHost());
            return ExitCodes.OK;
        }
        Map<String, Object> facts = new HashMap<>();
        if (fluxBranch != null && !fluxBranch.isBlank()) {
            facts.put(ResumeFluxDelegate.BRANCH, fluxBranch);
        }
        return WorkflowLauncher.launch(cfg, powerOn ? HecateWorkflows.POWER_RESTORE : HecateWorkflows.STARTUP, Trigger.CLI, RunMode.STARTUP, execute, reason, facts,
                spec.commandLine().getOut());
    }
}
