package io.hecate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Hecate's logging, set up in code (logback finds it through {@code META-INF/services}): stdout is for results, logs
 * go to stderr; {@code HECATE_LOG_LEVEL=debug} (or info, ...) for more of Hecate's own. Reading the same as XML cost
 * every command ~60 ms and ~300 classes. An operator's {@code -Dlogback.configurationFile=FILE}, or the tests'
 * {@code logback-test.xml}, is used instead when present.
 */
public final class HecateLogging extends ContextAwareBase implements Configurator {

    static final String LEVEL_VARIABLE = "HECATE_LOG_LEVEL";
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n";

    /** Below the root's WARN: the libraries' own noise. */
    static final Map<String, Level> LIBRARIES = Map.of(
            "org.camunda", Level.ERROR,
            "org.apache.sshd", Level.WARN,
            // MyBatis warns, without a stack trace, of a transaction it could not close in a hand-over of the database
            "org.apache.ibatis", Level.ERROR,
            "io.fabric8", Level.WARN,
            // Longhorn only serves v1beta2; the client warns about it on every read
            "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", Level.ERROR);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || getClass().getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        setUp(context, System.getenv(LEVEL_VARIABLE));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code hecateLevel}: the level of Hecate's own loggers (WARN when null or not a level). */
    static void setUp(LoggerContext context, String hecateLevel) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("io.hecate").setLevel(Level.toLevel(hecateLevel, Level.WARN));
        LIBRARIES.forEach((name, level) -> context.getLogger(name).setLevel(level));
        HandledFailureNoise noise = new HandledFailureNoise();
        noise.setContext(context);
        noise.start();
        context.addTurboFilter(noise);
    }
}
