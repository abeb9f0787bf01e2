package io.hecate.connectors.vault;

import io.hecate.connectors.ActionRecorder;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The dry-run form: records the unseal it would do and reports Vault unsealed without contacting it,
 * so the rest of the plan can be shown. Threshold, shares and progress are unknown and reported as 0.
 * {@link #sealStatus} asks the given reader, as reading changes nothing.
 */
public final class DryRunVaultUnsealer implements VaultUnsealer {

    private final VaultUnsealer reader;
    private final ActionRecorder recorder;

    public DryRunVaultUnsealer(VaultUnsealer reader, ActionRecorder recorder) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    @Override
    public SealStatus sealStatus(URI address) {
        return reader.sealStatus(address);
    }

    @Override
    public SealStatus unseal(URI address, List<String> keys) {
        recorder.record("vault: would unseal " + address + " with " + keys.size() + " key shares");
        return new SealStatus(false, 0, 0, 0);
    }
}
