package io.hecate.cli;

import io.hecate.engine.runtime.RunVariables;
import io.hecate.workflows.HecateWorkflows;
import io.hecate.workflows.RunMode;
import io.hecate.workflows.Trigger;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "shutdown", mixinStandardHelpOptions = true,
        description = {"Shut the cluster down gracefully.",
            "Snapshot etcd, suspend Flux, drain, stop agents then servers, power off in order.",
            "A dry run (the plan, node by node) unless --execute is given."})
final class ShutdownCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--execute", description = "Really shut down (default: dry run).")
    boolean execute;

    @Option(names = "--emergency", description = "The fast path: no drain or snapshot (per config), all nodes stopped in parallel.")
    boolean emergency;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; kept in the intent file and the run history.")
    String reason;

    @Option(names = "--trigger", paramLabel = "WHO",
            description = "Who asks: cli (default) or peer (a peer's daemon forwarding its UPS trigger; such runs feed"
                    + " the learned emergency budget).")
    String trigger;

    @Option(names = TriggeredAt.OPTION, paramLabel = "INSTANT",
            description = "With --trigger peer: when the peer's trigger fired (RFC 3339); the run's budget sample counts from it.")
    String triggeredAt;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Trigger who = trigger == null ? Trigger.CLI : Stream.of(Trigger.CLI, Trigger.PEER).filter(t -> t.wire().equals(trigger))
                .findFirst().orElseThrow(() -> new BadInputException("--trigger must be cli or peer, got \"" + trigger + "\""));
        Map<String, Object> facts = new HashMap<>();
        if (triggeredAt != null) {
            if (who != Trigger.PEER) {
                throw new BadInputException(TriggeredAt.OPTION + " is the instant of a peer's forwarded trigger: it needs --trigger peer");
            }
            PrintWriter err = spec.commandLine().getErr();
            TriggeredAt.forBudget(triggeredAt, Instant.now(), warning -> err.println("hecate: warning: " + warning))
                    .ifPresent(at -> facts.put(RunVariables.TRIGGERED_AT, at.toString()));
            err.flush();
        }
        String workflow = emergency ? HecateWorkflows.EMERGENCY_SHUTDOWN : HecateWorkflows.SHUTDOWN;
        return WorkflowLauncher.launch(config.load(), workflow, who, emergency ? RunMode.EMERGENCY : RunMode.FULL, execute, reason,
                facts, spec.commandLine().getOut());
    }
}
