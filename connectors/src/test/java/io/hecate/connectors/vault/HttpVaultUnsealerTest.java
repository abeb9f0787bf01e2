package io.hecate.connectors.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HttpVaultUnsealerTest {

    private static final List<String> KEYS = List.of("key-share-AAAA", "key-share-BBBB", "key-share-CCCC",
            "key-share-DDDD", "key-share-EEEE");
    private static final String BAD_KEY = "not-a-share-ZZZZ";

    private final HttpVaultUnsealer unsealer = new HttpVaultUnsealer(new VaultSettings(Duration.ofSeconds(2)));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level rootLevel;
    private VaultStub vault;

    @BeforeEach
    void start() throws Exception {
        vault = new VaultStub(KEYS, 3);
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        vault.close();
        assertThat(logs.list).allSatisfy(event -> assertThat(renderedWithThrowables(event))
                .doesNotContain("key-share-", BAD_KEY));
    }

    @Test
    void readsTheSealStatus() {
        assertThat(unsealer.sealStatus(vault.address())).isEqualTo(new SealStatus(true, 3, 5, 0));
    }

    @Test
    void unsealsWithTheThresholdOfGoodKeysAndStopsThere() {
        SealStatus status = unsealer.unseal(vault.address(), KEYS);

        assertThat(status.sealed()).isFalse();
        assertThat(status.threshold()).isEqualTo(3);
        assertThat(status.shares()).isEqualTo(5);
        assertThat(vault.unsealRequests()).isEqualTo(3);
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("vault: submitting key share 3 of 5 to " + vault.address());
    }

    @Test
    void acceptsAnAddressWithATrailingSlash() {
        assertThat(unsealer.unseal(URI.create(vault.address() + "/"), KEYS).sealed()).isFalse();
    }

    @Test
    void sendsNoKeysToAnUnsealedVault() {
        vault.unsealed();

        assertThat(unsealer.unseal(vault.address(), KEYS).sealed()).isFalse();
        assertThat(vault.unsealRequests()).isZero();
    }

    @Test
    void rejectsABadKeyWithoutShowingIt() {
        assertThatThrownBy(() -> unsealer.unseal(vault.address(), List.of(KEYS.get(0), BAD_KEY, KEYS.get(1))))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining(vault.address().toString())
                .hasMessageContaining("rejected the key share")
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("check the source the run named")
                .hasMessageNotContaining("vault_unseal_key_file")
                .hasMessageNotContaining(BAD_KEY)
                .hasMessageNotContaining("key-share-")
                .satisfies(e -> assertThat(((VaultException) e).seen()).doesNotContain(BAD_KEY));
        assertThat(vault.unsealRequests()).isEqualTo(2);
    }

    @Test
    void failsWhenTheKeysRunOutWhileStillSealed() {
        assertThatThrownBy(() -> unsealer.unseal(vault.address(), KEYS.subList(0, 2)))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("still sealed after all 2 key share(s)")
                .hasMessageContaining("progress 2 of threshold 3")
                .hasMessageNotContaining("key-share-");
    }

    @Test
    void namesTheAddressWhenVaultIsDown() {
        URI address = vault.address();
        vault.close();

        assertThatThrownBy(() -> unsealer.unseal(address, KEYS))
                .isInstanceOf(VaultException.class)
                .hasMessageStartingWith(address + ": reading the seal status: cannot connect")
                .hasMessageContaining("vault pod running");
    }

    @Test
    void reportsAServerError() {
        vault.failWith(503);

        assertThatThrownBy(() -> unsealer.sealStatus(vault.address()))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("Vault failed with HTTP 503")
                .hasMessageContaining("stub failure")
                .hasMessageContaining("vault pod's log");
    }

    @Test
    void reportsSomethingThatIsNotVault() throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "<html>hello</html>".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            assertThatThrownBy(() -> unsealer.sealStatus(URI.create("http://127.0.0.1:" + server.getAddress().getPort())))
                    .isInstanceOf(VaultException.class)
                    .hasMessageContaining("unreadable seal status")
                    .hasMessageContaining("<html>hello</html>");
        } finally {
            server.stop(0);
        }
    }

    private static String renderedWithThrowables(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (var thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
            text.append('\n').append(thrown.getMessage());
        }
        return text.toString();
    }
}
