package io.hecate.connectors.vault;

/** Vault's seal state: {@code threshold} of {@code shares} key shares unseal it; {@code progress} so far. */
public record SealStatus(boolean sealed, int threshold, int shares, int progress) {
}
