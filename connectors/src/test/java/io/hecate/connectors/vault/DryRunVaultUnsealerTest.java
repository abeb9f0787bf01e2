package io.hecate.connectors.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DryRunVaultUnsealerTest {

    private final List<String> actions = new ArrayList<>();

    @Test
    void recordsTheUnsealWithoutSendingAnyKey() throws Exception {
        try (VaultStub vault = new VaultStub(List.of("k1", "k2", "k3"), 2)) {
            DryRunVaultUnsealer dryRun = new DryRunVaultUnsealer(
                    new HttpVaultUnsealer(new VaultSettings(Duration.ofSeconds(2))), actions::add);

            SealStatus status = dryRun.unseal(vault.address(), List.of("k1", "k2", "k3"));

            assertThat(status.sealed()).isFalse();
            assertThat(actions).containsExactly("vault: would unseal " + vault.address() + " with 3 key shares");
            assertThat(vault.unsealRequests()).isZero();
        }
    }

    @Test
    void readsTheRealSealStatus() throws Exception {
        try (VaultStub vault = new VaultStub(List.of("k1", "k2", "k3"), 2)) {
            DryRunVaultUnsealer dryRun = new DryRunVaultUnsealer(
                    new HttpVaultUnsealer(new VaultSettings(Duration.ofSeconds(2))), actions::add);

            assertThat(dryRun.sealStatus(vault.address())).isEqualTo(new SealStatus(true, 2, 3, 0));
            assertThat(actions).isEmpty();
        }
    }

    @Test
    void neverContactsVaultToUnseal() {
        DryRunVaultUnsealer dryRun = new DryRunVaultUnsealer(new HttpVaultUnsealer(
                new VaultSettings(Duration.ofSeconds(1))), actions::add);

        assertThat(dryRun.unseal(URI.create("http://127.0.0.1:1"), List.of("k")).sealed()).isFalse();
    }
}
