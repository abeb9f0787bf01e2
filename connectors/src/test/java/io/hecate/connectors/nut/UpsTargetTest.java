package io.hecate.connectors.nut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UpsTargetTest {

    @Test
    void parsesNameAndHostWithDefaultPort() {
        assertThat(UpsTarget.parse("pyrphoros@titan-db")).isEqualTo(new UpsTarget("pyrphoros", "titan-db", 3493));
    }

    @Test
    void parsesExplicitPort() {
        assertThat(UpsTarget.parse("myups@127.0.0.1:3500")).isEqualTo(new UpsTarget("myups", "127.0.0.1", 3500));
    }

    @Test
    void parsesBracketedIpv6Host() {
        assertThat(UpsTarget.parse("ups@[::1]:3494")).isEqualTo(new UpsTarget("ups", "::1", 3494));
    }

    @Test
    void printsBackTheConfigForm() {
        assertThat(UpsTarget.parse("pyrphoros@titan-db")).hasToString("pyrphoros@titan-db");
        assertThat(UpsTarget.parse("myups@127.0.0.1:3500")).hasToString("myups@127.0.0.1:3500");
        assertThat(UpsTarget.parse("ups@[::1]:3494")).hasToString("ups@[::1]:3494");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pyrphoros", "@host", "ups@", "ups@host:", "ups@host:0", "ups@host:70000",
            "ups@host:http", "a b@host", "ups@host@other"})
    void rejectsBadTextQuotingIt(String text) {
        assertThatThrownBy(() -> UpsTarget.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("name@host[:port]");
    }
}
