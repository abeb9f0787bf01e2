package io.hecate.engine.history;

import java.time.Duration;

/** A shutdown budget and where it came from: learned from {@code samples} runs, or the config value. */
public record Budget(Duration value, int samples, Source source) {

    public enum Source { LEARNED, CONFIG }
}
