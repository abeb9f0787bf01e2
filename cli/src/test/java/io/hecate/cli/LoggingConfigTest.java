package io.hecate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.h2.api.ErrorCode;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LoggingConfigTest {

    /** A logger silenced by a class name that is not on the classpath silences nothing: the name must be real. */
    @Test
    void everyClassLoggerSilencedNamesAClassOnTheClasspath() {
        // a package logger ends in a lower-case segment, a class logger in its class name
        List<String> classLoggers = HecateLogging.LIBRARIES.keySet().stream()
                .filter(name -> Character.isUpperCase(name.charAt(name.lastIndexOf('.') + 1))).toList();

        assertThat(classLoggers).contains("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils");
        assertThat(classLoggers).allSatisfy(name -> assertThat(Class.forName(name, false, getClass().getClassLoader())).isNotNull());
    }

    @Test
    @SuppressWarnings("unchecked")
    void logsToStderrAtWarnWithHecatesOwnLevelFromTheEnvironment() {
        LoggerContext context = new LoggerContext();
        HecateLogging.setUp(context, "debug");

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class,
                appender -> assertThat(appender.getTarget()).isEqualTo("System.err"));
        assertThat(context.getLogger("io.hecate.engine").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.camunda.bpm.engine").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils").getEffectiveLevel()).isEqualTo(Level.ERROR);

        // an event as it reaches stderr
        Encoder<ILoggingEvent> encoder = ((ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR")).getEncoder();
        ch.qos.logback.classic.Logger logger = context.getLogger(LoggingConfigTest.class);
        assertThat(new String(encoder.encode(new LoggingEvent(null, logger, Level.WARN, "first {}", null, new Object[] {"event"})),
                StandardCharsets.UTF_8)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  LoggingConfigTest: first event\n");
        assertThat(new String(encoder.encode(new LoggingEvent(null, logger, Level.ERROR, "second", null, null)), StandardCharsets.UTF_8))
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR LoggingConfigTest: second\n");

        LoggerContext unset = new LoggerContext();
        HecateLogging.setUp(unset, null);
        assertThat(unset.getLogger("io.hecate.cli").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    /**
     * Camunda's ERROR with the stack trace of a command Hecate tries again after a hand-over of the database, or of a
     * file the boot sets aside, stays off stderr.
     */
    @Test
    void dropsALibrarysStackTraceOfAHandOverOrACorruptFileOnly() {
        LoggerContext context = new LoggerContext();
        HecateLogging.setUp(context, null);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(seen);
        SQLException handOver = new SQLException("Connection is broken: \"session closed\"", "08000", ErrorCode.CONNECTION_BROKEN_1);
        RuntimeException other = new RuntimeException("the step broke");

        // Camunda passes the exception as the last argument; MyBatis and others as the throwable
        context.getLogger("org.camunda.bpm.engine.context").error("ENGINE-16004 Exception while closing command context: {}", "x",
                new IllegalStateException(handOver));
        context.getLogger("org.camunda.bpm.engine.context").error("ENGINE-16004 Exception while closing command context", handOver);
        context.getLogger("org.camunda.bpm.engine.context").error("ENGINE-16004 Exception while closing command context: {}", "y", other);
        context.getLogger("io.hecate.engine.runtime.HecateEngine").error("hecate's own", handOver);
        context.getLogger("org.camunda.bpm.engine.context").error("ENGINE-03018 Could not check if tables are already present",
                new IllegalStateException(new MVStoreException(DataUtils.ERROR_FILE_CORRUPT, "File is corrupted")));

        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("ENGINE-16004 Exception while closing command context: y", "hecate's own");
    }
}
