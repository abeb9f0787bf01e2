package io.hecate.workflows.delegates;

import io.hecate.connectors.ConnectorException;
import io.hecate.connectors.kube.PodEndpoint;
import io.hecate.connectors.vault.SealStatus;
import io.hecate.connectors.vault.VaultUnsealer;
import io.hecate.engine.config.HecateConfig;
import io.hecate.workflows.WorkflowContext;
import io.hecate.workflows.stage.StageContext;
import io.hecate.workflows.startup.UnsealKeys;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * Unseals every Vault pod, found through the API ({@code startup.vault_namespace},
 * {@code startup.vault_pod_selector}) or listed in the override {@code startup.vault_addresses}. Keys come from the {@code vault_init_secret},
 * else {@code vault_unseal_key_file} (0600 or stricter), else {@code vault_unseal_breakglass_command}. The
 * fallbacks live in this one task because the keys must never become process variables: they exist only in
 * this method's memory and appear in no log, history row or variable. Still sealed: BpmnError {@link #SEALED}.
 */
public final class UnsealVaultDelegate implements JavaDelegate {

    public static final String SEALED = "VaultSealed";
    /** The Vault Helm chart's API port; plain HTTP as in the chart's default (tls_disable). */
    static final String PORT_NAME = "api";
    static final int DEFAULT_PORT = 8200;
    static final String SCHEME = "http://";

    private final WorkflowContext context;

    public UnsealVaultDelegate(WorkflowContext context) {
        this.context = context;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StageContext stage = context.stage(execution);
        HecateConfig.Startup startup = context.config().startup();
        if (!stage.execute()) {
            stage.record("would read unseal keys from secret " + startup.vaultInitSecret() + fallbacks(startup)
                    + " and unseal " + shownTargets(startup));
            return;
        }
        List<String> stillSealed = new ArrayList<>();
        List<String> addresses = addresses(stage, startup, stillSealed);
        if (addresses.isEmpty() && stillSealed.isEmpty()) {
            stage.record("skipped: no Vault pods in " + startup.vaultNamespace() + " with labels "
                    + startup.vaultPodLabels() + " and startup.vault_addresses is empty");
            return;
        }
        UnsealKeySource keys = keys(stage, startup);
        VaultUnsealer vault = context.vault(stage);
        for (String address : addresses) {
            try {
                SealStatus status = vault.unseal(URI.create(address), keys.keys());
                stage.record("vault " + address + (status.sealed() ? " still sealed" : " unsealed"));
                if (status.sealed()) {
                    stillSealed.add(address);
                }
            } catch (ConnectorException e) {
                stage.warn("vault " + address + " (keys from " + keys.source() + "): " + e.getMessage());
                stillSealed.add(address);
            }
        }
        if (!stillSealed.isEmpty()) {
            throw new BpmnError(SEALED, "Vault still sealed at " + stillSealed);
        }
    }

    /**
     * {@code startup.vault_addresses} as written when set; else each pod's IP and container port {@value #PORT_NAME}
     * (default {@value #DEFAULT_PORT}), found anew on every run because pod IPs change across a cold start.
     * A pod without an IP yet cannot be unsealed: it goes to {@code stillSealed} so the stage tries again.
     */
    private List<String> addresses(StageContext stage, HecateConfig.Startup startup, List<String> stillSealed) {
        if (!startup.vaultAddresses().isEmpty()) {
            stage.record("Vault addresses from startup.vault_addresses: " + startup.vaultAddresses());
            return startup.vaultAddresses();
        }
        List<PodEndpoint> pods;
        try {
            pods = context.kube(stage).pods(startup.vaultNamespace(), startup.vaultPodLabels());
        } catch (ConnectorException e) {
            throw new BpmnError(SEALED, "cannot find the Vault pods: " + e.getMessage());
        }
        List<String> addresses = new ArrayList<>();
        for (PodEndpoint pod : pods) {
            if (pod.ip().isEmpty()) {
                stage.warn("vault pod " + pod.name() + " has no IP yet");
                stillSealed.add(pod.name());
                continue;
            }
            String host = pod.ip().contains(":") ? "[" + pod.ip() + "]" : pod.ip();
            String address = SCHEME + host + ":" + pod.port(PORT_NAME, DEFAULT_PORT);
            stage.record("vault pod " + pod.name() + " at " + address);
            addresses.add(address);
        }
        return addresses;
    }

    private static String shownTargets(HecateConfig.Startup startup) {
        return startup.vaultAddresses().isEmpty()
                ? "each pod in " + startup.vaultNamespace() + " with labels " + startup.vaultPodLabels()
                : startup.vaultAddresses().toString();
    }

    /** The key shares and where they came from, so a refusal names the source that needs fixing. */
    private record UnsealKeySource(List<String> keys, String source) {
    }

    private UnsealKeySource keys(StageContext stage, HecateConfig.Startup startup) {
        List<String> problems = new ArrayList<>();
        try {
            List<String> keys = UnsealKeys.fromSecret(context.kube(stage), startup.vaultInitSecret());
            stage.record("unseal keys from secret " + startup.vaultInitSecret());
            return new UnsealKeySource(keys, "secret " + startup.vaultInitSecret() + " (startup.vault_init_secret)");
        } catch (UnsealKeys.Unavailable e) {
            problems.add(e.getMessage());
            stage.warn(e.getMessage());
        }
        if (startup.vaultUnsealKeyFile() != null && !startup.vaultUnsealKeyFile().toString().isEmpty()) {
            try {
                List<String> keys = UnsealKeys.fromFile(startup.vaultUnsealKeyFile());
                stage.record("unseal keys from key file " + startup.vaultUnsealKeyFile());
                return new UnsealKeySource(keys, "startup.vault_unseal_key_file " + startup.vaultUnsealKeyFile());
            } catch (UnsealKeys.Unavailable e) {
                problems.add(e.getMessage());
                stage.warn(e.getMessage());
            }
        }
        if (!startup.vaultUnsealBreakglassCommand().isBlank()) {
            try {
                List<String> keys = UnsealKeys.fromCommand(startup.vaultUnsealBreakglassCommand(),
                        startup.vaultUnsealBreakglassTimeout());
                stage.record("unseal keys from the break-glass command");
                return new UnsealKeySource(keys, "startup.vault_unseal_breakglass_command");
            } catch (UnsealKeys.Unavailable e) {
                problems.add(e.getMessage());
                stage.warn(e.getMessage());
            }
        }
        throw new BpmnError(SEALED, "no unseal keys: " + String.join("; ", problems));
    }

    private static String fallbacks(HecateConfig.Startup startup) {
        String file = startup.vaultUnsealKeyFile() == null || startup.vaultUnsealKeyFile().toString().isEmpty()
                ? "" : ", else key file " + startup.vaultUnsealKeyFile();
        String command = startup.vaultUnsealBreakglassCommand().isBlank() ? "" : ", else the break-glass command";
        return file + command;
    }
}
