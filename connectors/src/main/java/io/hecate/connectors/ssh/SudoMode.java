package io.hecate.connectors.ssh;

import java.util.Locale;

/** When node commands that need root go through {@code sudo -n} ({@code ssh_sudo} in hecate.yaml). */
public enum SudoMode {
    /** For every login except root. */
    AUTO,
    /** Always, root included (sudo logs every command). */
    ALWAYS,
    /** Never: the logins are root, or the node's sudo cannot be used. */
    NEVER;

    public static SudoMode of(String configValue) {
        return valueOf(configValue.toUpperCase(Locale.ROOT));
    }

    boolean appliesTo(String login) {
        return switch (this) {
            case AUTO -> !"root".equals(login);
            case ALWAYS -> true;
            case NEVER -> false;
        };
    }
}
