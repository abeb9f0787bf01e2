package io.hecate.connectors.nut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The client against a scripted fake upsd: the failure shapes a real upsd will not produce on demand. */
class NutClientTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final List<String> MAINS = List.of("BEGIN LIST VAR myups",
            "VAR myups ups.status \"OL\"", "VAR myups battery.charge \"100\"", "END LIST VAR myups");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private ScriptedUpsd upsd(java.util.function.Function<String, List<String>> script) throws Exception {
        ScriptedUpsd upsd = new ScriptedUpsd(script);
        toClose.add(upsd);
        return upsd;
    }

    private NutClient client(NutSettings settings) {
        NutClient client = new NutClient(settings);
        toClose.add(client);
        return client;
    }

    private NutClient anonymous(ScriptedUpsd upsd) {
        return client(NutSettings.anonymous(upsd.target("myups"), TIMEOUT));
    }

    @Test
    void listsVarsWithQuotedAndEscapedValues() throws Exception {
        ScriptedUpsd upsd = upsd(line -> List.of("BEGIN LIST VAR myups",
                "VAR myups ups.status \"OB DISCHRG\"", "VAR myups ups.mfr \"A \\\"B\\\" \\\\C\"", "END LIST VAR myups"));

        assertThat(anonymous(upsd).listVars("myups"))
                .containsEntry("ups.status", "OB DISCHRG").containsEntry("ups.mfr", "A \"B\" \\C");
        assertThat(upsd.received()).containsExactly("LIST VAR myups");
    }

    @Test
    void getsOneVar() throws Exception {
        ScriptedUpsd upsd = upsd(line -> List.of("VAR myups battery.runtime \"1800\""));

        assertThat(anonymous(upsd).getVar("myups", "battery.runtime")).isEqualTo("1800");
        assertThat(upsd.received()).containsExactly("GET VAR myups battery.runtime");
    }

    @Test
    void keepsOneConnectionAcrossReads() throws Exception {
        ScriptedUpsd upsd = upsd(line -> MAINS);
        NutClient client = anonymous(upsd);

        client.read();
        client.read();
        client.read();

        assertThat(upsd.connections()).isEqualTo(1);
    }

    @Test
    void reconnectsOnceWhenAReusedConnectionBreaks() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ScriptedUpsd upsd = upsd(line -> calls.incrementAndGet() == 2 ? null : MAINS);
        NutClient client = anonymous(upsd);

        client.read();
        UpsReading second = client.read();

        assertThat(second.online()).isTrue();
        assertThat(upsd.connections()).isEqualTo(2);
    }

    @Test
    void reportsAListWithoutEnd() throws Exception {
        ScriptedUpsd upsd = upsd(line -> List.of("BEGIN LIST VAR myups", "VAR myups ups.status \"OL\"",
                ScriptedUpsd.HANG_UP));

        assertThatThrownBy(() -> anonymous(upsd).read())
                .isInstanceOf(NutException.class)
                .hasMessageContaining("myups@127.0.0.1:")
                .hasMessageContaining("expected 'END LIST VAR myups' after 1 variables")
                .hasMessageContaining("saw: connection closed by upsd");
    }

    @Test
    void reportsAConnectionDroppedBeforeAnyReply() throws Exception {
        ScriptedUpsd upsd = upsd(line -> null);

        assertThatThrownBy(() -> anonymous(upsd).read())
                .isInstanceOf(NutException.class)
                .hasMessageContaining("connection to upsd lost during 'LIST VAR myups'");
    }

    @Test
    void namesAVarLineForAnotherUps() throws Exception {
        ScriptedUpsd upsd = upsd(line -> List.of("BEGIN LIST VAR myups", "VAR otherups ups.status \"OL\"",
                "END LIST VAR myups"));

        assertThatThrownBy(() -> anonymous(upsd).read())
                .isInstanceOf(NutException.class)
                .hasMessageContaining("malformed reply to 'LIST VAR myups'")
                .hasMessageContaining("saw: VAR otherups ups.status \"OL\"");
    }

    @Test
    void namesAGetReplyForAnotherVariable() throws Exception {
        ScriptedUpsd upsd = upsd(line -> List.of("VAR myups battery.charge \"100\""));

        assertThatThrownBy(() -> anonymous(upsd).getVar("myups", "battery.runtime"))
                .isInstanceOf(NutException.class)
                .hasMessageContaining("expected 'VAR myups battery.runtime \"<value>\"'")
                .hasMessageContaining("saw: VAR myups battery.charge \"100\"");
    }

    @Test
    void namesAnUnexpectedFirstLine() throws Exception {
        ScriptedUpsd upsd = upsd(line -> List.of("HTTP/1.1 400 Bad Request"));

        assertThatThrownBy(() -> anonymous(upsd).read())
                .isInstanceOf(NutException.class)
                .hasMessageContaining("expected 'BEGIN LIST VAR myups'")
                .hasMessageContaining("saw: HTTP/1.1 400 Bad Request");
    }

    @Test
    void namesAnUnparsableNumber() throws Exception {
        ScriptedUpsd upsd = upsd(line -> List.of("BEGIN LIST VAR myups", "VAR myups ups.status \"OB\"",
                "VAR myups battery.runtime \"soon\"", "END LIST VAR myups"));

        assertThatThrownBy(() -> anonymous(upsd).read())
                .isInstanceOf(NutException.class)
                .hasMessageContaining("battery.runtime is not a number")
                .hasMessageContaining("soon");
    }

    @Test
    void turnsAnErrReplyIntoAnExceptionAndKeepsTheConnection() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ScriptedUpsd upsd = upsd(line -> calls.incrementAndGet() == 1 ? List.of("ERR DATA-STALE") : MAINS);
        NutClient client = anonymous(upsd);

        assertThatThrownBy(client::read)
                .isInstanceOfSatisfying(NutException.class, e -> assertThat(e.errorCode()).isEqualTo("DATA-STALE"));
        assertThat(client.read().online()).isTrue();
        assertThat(upsd.connections()).isEqualTo(1);
    }

    @Test
    void timesOutASilentServerWithinTheTimeout() throws Exception {
        ScriptedUpsd upsd = upsd(line -> List.of());
        long start = System.nanoTime();

        assertThatThrownBy(() -> anonymous(upsd).read())
                .isInstanceOf(NutException.class)
                .hasMessageContaining("no reply to 'LIST VAR myups' within PT0.5S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void logsInBeforeForcedShutdownWithoutEverShowingThePassword() throws Exception {
        ScriptedUpsd upsd = upsd(line -> line.startsWith("FSD") ? List.of("OK FSD-SET") : List.of("OK"));
        ListAppender<ILoggingEvent> logs = captureLogs();
        NutClient client = client(new NutSettings(upsd.target("myups"), "hecate", "hunter2 x", TIMEOUT));

        client.forcedShutdown();
        client.forcedShutdown();

        assertThat(upsd.received()).containsExactly("USERNAME hecate", "PASSWORD \"hunter2 x\"", "LOGIN myups",
                "FSD myups", "FSD myups");
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .isNotEmpty().noneMatch(m -> m.contains("hunter2"));
    }

    @Test
    void keepsThePasswordOutOfARefusal() throws Exception {
        ScriptedUpsd upsd = upsd(line -> line.startsWith("LOGIN") ? List.of("ERR ACCESS-DENIED") : List.of("OK"));
        NutClient client = client(new NutSettings(upsd.target("myups"), "hecate", "hunter2", TIMEOUT));

        assertThatThrownBy(client::forcedShutdown)
                .isInstanceOf(NutException.class)
                .hasMessageContaining("ERR ACCESS-DENIED")
                .hasMessageContaining("upsd.users")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void sendsNoCredentialsWhenNoneAreSet() throws Exception {
        ScriptedUpsd upsd = upsd(line -> List.of("ERR USERNAME-REQUIRED"));

        assertThatThrownBy(() -> anonymous(upsd).forcedShutdown())
                .isInstanceOf(NutException.class)
                .hasMessageContaining("ERR USERNAME-REQUIRED")
                .hasMessageContaining("username and password in hecate.yaml");
        assertThat(upsd.received()).containsExactly("FSD myups");
    }

    @Test
    void hidesThePasswordInSettingsToString() {
        assertThat(new NutSettings(UpsTarget.parse("u@h"), "hecate", "hunter2", TIMEOUT).toString())
                .doesNotContain("hunter2").contains("****");
    }

    @Test
    void failsFastWhenNothingListens() throws Exception {
        ScriptedUpsd upsd = upsd(line -> List.of());
        UpsTarget closed = upsd.target("myups");
        upsd.close();
        long start = System.nanoTime();

        assertThatThrownBy(() -> client(NutSettings.anonymous(closed, Duration.ofSeconds(5))).read())
                .isInstanceOf(NutException.class)
                .hasMessageContaining("cannot connect to upsd at 127.0.0.1:" + closed.port())
                .hasMessageContaining("LISTEN");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        Logger logger = (Logger) LoggerFactory.getLogger(NutClient.class);
        logger.setLevel(Level.TRACE);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }
}
