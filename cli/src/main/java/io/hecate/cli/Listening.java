package io.hecate.cli;

import io.hecate.engine.config.ConfigException;
import io.hecate.engine.config.HecateConfig;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * A server this process opens on an address of the config ({@code metrics.listen}, {@code ui.listen}): an address that
 * another process holds (a daemon already running, another service) or that is not this host's is the config's to
 * change, so it exits 2 naming the file, the key and the address, not 4 as a fault of Hecate's.
 */
final class Listening {

    private Listening() {
    }

    /** {@code serve}, which opens {@code listen} of {@code key} and fails with an {@link UncheckedIOException} when it cannot. */
    static <T> T on(HecateConfig config, String key, String listen, Supplier<T> serve) {
        try {
            return serve.get();
        } catch (UncheckedIOException e) {
            throw new ConfigException(config.file() + ": " + key + " \"" + listen + "\": " + e.getMessage()
                    + "; another process listens there (a hecate daemon already running?), or the address is not this host's", e);
        }
    }
}
