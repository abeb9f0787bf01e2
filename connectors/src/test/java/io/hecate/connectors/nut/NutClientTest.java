package io.hecate.connectors.nut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
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
        // a bound socket that never listens: the port refuses connections and no other process can take it meanwhile
        try (java.net.Socket reserved = new java.net.Socket()) {
            reserved.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            UpsTarget closed = new UpsTarget("myups", "127.0.0.1", reserved.getLocalPort());
            long start = System.nanoTime();

            assertThatThrownBy(() -> client(NutSettings.anonymous(closed, Duration.ofSeconds(5))).read())
                    .isInstanceOf(NutException.class)
                    .hasMessageContaining("cannot connect to upsd at 127.0.0.1:" + closed.port())
                    .hasMessageContaining("LISTEN");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Nested
    class KillPowerCommand {

        private NutClient primary(ScriptedUpsd upsd) {
            return client(new NutSettings(upsd.target("myups"), "hecate", "hunter2 x", TIMEOUT));
        }

        @Test
        void asksForShutdownReturnAfterUsernameAndPasswordWithoutLogin() throws Exception {
            ScriptedUpsd upsd = upsd(line -> List.of("OK"));
            ListAppender<ILoggingEvent> logs = captureLogs();

            assertThat(primary(upsd).killPower()).isEqualTo(KillPower.SHUTDOWN_RETURN);

            assertThat(upsd.received()).containsExactly("USERNAME hecate", "PASSWORD \"hunter2 x\"",
                    "INSTCMD myups shutdown.return");
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("INSTCMD myups shutdown.return")).noneMatch(m -> m.contains("hunter2"));
        }

        @Test
        void acceptsATrackedReply() throws Exception {
            ScriptedUpsd upsd = upsd(line -> line.startsWith("INSTCMD")
                    ? List.of("OK TRACKING 1bd31808-cb49-4aec-9d75-d056e6f018d2") : List.of("OK"));

            assertThat(primary(upsd).killPower()).isEqualTo(KillPower.SHUTDOWN_RETURN);
        }

        @Test
        void fallsBackToLoginAndFsdWhenTheDriverHasNoShutdownReturn() throws Exception {
            ScriptedUpsd upsd = upsd(line -> line.startsWith("INSTCMD") ? List.of("ERR CMD-NOT-SUPPORTED")
                    : line.startsWith("FSD") ? List.of("OK FSD-SET") : List.of("OK"));

            assertThat(primary(upsd).killPower()).isEqualTo(KillPower.FSD);

            assertThat(upsd.received()).containsExactly("USERNAME hecate", "PASSWORD \"hunter2 x\"",
                    "INSTCMD myups shutdown.return", "LOGIN myups", "FSD myups");
            assertThat(upsd.connections()).isEqualTo(1);
        }

        @Test
        void namesTheUpsdUsersLineWhenTheCommandIsNotAllowedAndSendsNoFsd() throws Exception {
            ScriptedUpsd upsd = upsd(line -> line.startsWith("INSTCMD") ? List.of("ERR ACCESS-DENIED") : List.of("OK"));

            assertThatThrownBy(() -> primary(upsd).killPower())
                    .isInstanceOfSatisfying(NutException.class, e -> assertThat(e.errorCode()).isEqualTo("ACCESS-DENIED"))
                    .hasMessageContaining("ERR ACCESS-DENIED to 'INSTCMD myups shutdown.return'")
                    .hasMessageContaining("instcmds = shutdown.return")
                    .hasMessageNotContaining("hunter2");
            assertThat(upsd.received()).noneMatch(line -> line.startsWith("FSD"));
        }

        @Test
        void namesAnUnexpectedReply() throws Exception {
            ScriptedUpsd upsd = upsd(line -> line.startsWith("INSTCMD") ? List.of("OK FSD-SET") : List.of("OK"));

            assertThatThrownBy(() -> primary(upsd).killPower())
                    .isInstanceOf(NutException.class)
                    .hasMessageContaining("expected 'OK' or 'OK TRACKING <id>'")
                    .hasMessageContaining("saw: OK FSD-SET");
        }

        @Test
        void needsCredentials() throws Exception {
            ScriptedUpsd upsd = upsd(line -> List.of("ERR USERNAME-REQUIRED"));

            assertThatThrownBy(() -> anonymous(upsd).killPower())
                    .isInstanceOfSatisfying(NutException.class,
                            e -> assertThat(e.errorCode()).isEqualTo("USERNAME-REQUIRED"));
            assertThat(upsd.received()).containsExactly("INSTCMD myups shutdown.return");
        }

        @Test
        void readsTheShutdownDelay() throws Exception {
            ScriptedUpsd upsd = upsd(line -> List.of("VAR myups ups.delay.shutdown \"20\""));

            assertThat(anonymous(upsd).shutdownDelay()).hasValue(Duration.ofSeconds(20));
            assertThat(upsd.received()).containsExactly("GET VAR myups ups.delay.shutdown");
        }

        @Test
        void readsAnUnreportedShutdownDelayAsEmpty() throws Exception {
            ScriptedUpsd upsd = upsd(line -> List.of("ERR VAR-NOT-SUPPORTED"));

            assertThat(anonymous(upsd).shutdownDelay()).isEmpty();
        }

        @Test
        void namesAShutdownDelayThatIsNoNumber() throws Exception {
            ScriptedUpsd upsd = upsd(line -> List.of("VAR myups ups.delay.shutdown \"soon\""));

            assertThatThrownBy(() -> anonymous(upsd).shutdownDelay())
                    .isInstanceOf(NutException.class)
                    .hasMessageContaining("ups.delay.shutdown is not a number")
                    .hasMessageContaining("soon");
        }
    }

    @Test
    void tellsASocketConnectedToItselfFromARealConnection() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (Socket self = new Socket()) {
            // Connecting a bound socket to its own port is TCP simultaneous open: what a client racing for a
            // just-closed ephemeral port can run into by chance.
            self.bind(new InetSocketAddress(loopback, 0));
            self.connect(new InetSocketAddress(loopback, self.getLocalPort()), 1000);

            assertThat(NutClient.connectedToItself(self)).isTrue();
        }
        try (ServerSocket server = new ServerSocket(0, 1, loopback);
             Socket real = new Socket(loopback, server.getLocalPort())) {
            assertThat(NutClient.connectedToItself(real)).isFalse();
        }
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
