package io.hecate.connectors.nut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NutProtocolTest {

    private static final UpsTarget TARGET = UpsTarget.parse("myups@127.0.0.1:3493");
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Nested
    class Words {

        @Test
        void splitsAVarLineWithAQuotedValue() {
            assertThat(NutProtocol.words("VAR myups ups.status \"OB DISCHRG LB\""))
                    .containsExactly("VAR", "myups", "ups.status", "OB DISCHRG LB");
        }

        @Test
        void unescapesQuotesAndBackslashesInsideQuotes() {
            assertThat(NutProtocol.words("VAR myups ups.mfr \"Dummy \\\"Q\\\" back\\\\slash\""))
                    .containsExactly("VAR", "myups", "ups.mfr", "Dummy \"Q\" back\\slash");
        }

        @Test
        void keepsAnEmptyQuotedValue() {
            assertThat(NutProtocol.words("VAR myups ups.serial \"\"")).containsExactly("VAR", "myups", "ups.serial", "");
        }

        @Test
        void collapsesRepeatedBlanks() {
            assertThat(NutProtocol.words("  END  LIST VAR\tmyups ")).containsExactly("END", "LIST", "VAR", "myups");
        }

        @Test
        void rejectsAnUnterminatedQuote() {
            assertThatThrownBy(() -> NutProtocol.words("VAR myups ups.status \"OL"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated quote");
        }

        @Test
        void rejectsATrailingBackslash() {
            assertThatThrownBy(() -> NutProtocol.words("VAR myups x \"a\\"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backslash");
        }
    }

    @Nested
    class Commands {

        @Test
        void leavesPlainWordsBare() {
            assertThat(NutProtocol.command("GET", "VAR", "myups", "battery.charge")).isEqualTo("GET VAR myups battery.charge");
        }

        @Test
        void quotesAndEscapesWordsThatNeedIt() {
            assertThat(NutProtocol.command("PASSWORD", "a b\"c\\d")).isEqualTo("PASSWORD \"a b\\\"c\\\\d\"");
        }

        @Test
        void quotedWordsParseBackToTheOriginal() {
            String tricky = "pa ss\"w\\ord";
            assertThat(NutProtocol.words(NutProtocol.command("PASSWORD", tricky))).containsExactly("PASSWORD", tricky);
        }
    }

    @Nested
    class Errors {

        static Stream<Arguments> everyNutErrorCode() {
            return NutProtocol.HINTS.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
        }

        @ParameterizedTest(name = "ERR {0}")
        @MethodSource("everyNutErrorCode")
        void mapsEveryErrCodeToAMessageWithUpsCodeAndHint(String code, String hint) {
            NutException error = NutProtocol.error(TARGET, "GET VAR myups ups.status", "ERR " + code);

            assertThat(error.errorCode()).isEqualTo(code);
            assertThat(error.target()).isEqualTo("myups@127.0.0.1");
            assertThat(error.hint()).isEqualTo(hint).isNotBlank();
            assertThat(error.getMessage())
                    .startsWith("myups@127.0.0.1: ")
                    .contains("ERR " + code, "'GET VAR myups ups.status'", "hint: " + hint);
        }

        @Test
        void coversEveryCodeOfTheNetProtocol() {
            assertThat(NutProtocol.HINTS).containsOnlyKeys("ACCESS-DENIED", "UNKNOWN-UPS", "VAR-NOT-SUPPORTED",
                    "CMD-NOT-SUPPORTED", "INVALID-ARGUMENT", "INSTCMD-FAILED", "SET-FAILED", "READONLY", "TOO-LONG",
                    "FEATURE-NOT-SUPPORTED", "FEATURE-NOT-CONFIGURED", "ALREADY-SSL-MODE", "DRIVER-NOT-CONNECTED",
                    "DATA-STALE", "ALREADY-LOGGED-IN", "INVALID-PASSWORD", "ALREADY-SET-PASSWORD", "INVALID-USERNAME",
                    "ALREADY-SET-USERNAME", "USERNAME-REQUIRED", "PASSWORD-REQUIRED", "UNKNOWN-COMMAND", "INVALID-VALUE");
        }

        @Test
        void specificHintsPointAtTheRightFix() {
            assertThat(NutProtocol.HINTS.get("UNKNOWN-UPS")).contains("ups.target", "upsc -l");
            assertThat(NutProtocol.HINTS.get("DRIVER-NOT-CONNECTED")).contains("upsdrvctl start");
            assertThat(NutProtocol.HINTS.get("ACCESS-DENIED")).contains("upsd.users", "upsmon primary");
        }

        @Test
        void keepsExtraTextAfterTheCodeAsSeen() {
            NutException error = NutProtocol.error(TARGET, "LIST VAR myups", "ERR DATA-STALE since 12:00");

            assertThat(error.errorCode()).isEqualTo("DATA-STALE");
            assertThat(error.seen()).isEqualTo("ERR DATA-STALE since 12:00");
        }

        @Test
        void mapsAnUnknownCodeGenerically() {
            NutException error = NutProtocol.error(TARGET, "LIST VAR myups", "ERR SOMETHING-NEW");

            assertThat(error.errorCode()).isEqualTo("SOMETHING-NEW");
            assertThat(error.getMessage()).contains("ERR SOMETHING-NEW", NutProtocol.UNKNOWN_CODE_HINT);
        }

        @Test
        void mapsABareErr() {
            assertThat(NutProtocol.error(TARGET, "LIST VAR myups", "ERR").errorCode()).isEqualTo("(none)");
        }

        @Test
        void recognisesErrorLines() {
            assertThat(NutProtocol.isError("ERR UNKNOWN-UPS")).isTrue();
            assertThat(NutProtocol.isError("ERR")).isTrue();
            assertThat(NutProtocol.isError("ERRATIC")).isFalse();
            assertThat(NutProtocol.isError("VAR myups ups.status \"ERR\"")).isFalse();
        }
    }

    @Nested
    class Readings {

        @Test
        void readsStatusChargeRuntimeAndLoad() {
            UpsReading reading = NutProtocol.reading(TARGET, Map.of("ups.status", "OL", "battery.charge", "100",
                    "battery.runtime", "1800", "ups.load", "23.5"), NOW);

            assertThat(reading.statusFlags()).containsExactly("OL");
            assertThat(reading.online()).isTrue();
            assertThat(reading.onBattery()).isFalse();
            assertThat(reading.chargePercent()).hasValue(100.0);
            assertThat(reading.runtimeSeconds()).hasValue(1800L);
            assertThat(reading.loadPercent()).hasValue(23.5);
            assertThat(reading.readAt()).isEqualTo(NOW);
            assertThat(reading.target()).isEqualTo(TARGET);
        }

        @Test
        void splitsSeveralStatusFlags() {
            UpsReading reading = NutProtocol.reading(TARGET, Map.of("ups.status", "FSD OB DISCHRG LB"), NOW);

            assertThat(reading.statusFlags()).containsExactlyInAnyOrder("FSD", "OB", "DISCHRG", "LB");
            assertThat(reading.onBattery()).isTrue();
            assertThat(reading.lowBattery()).isTrue();
            assertThat(reading.forcedShutdown()).isTrue();
            assertThat(reading.online()).isFalse();
        }

        @Test
        void leavesMissingNumbersEmpty() {
            UpsReading reading = NutProtocol.reading(TARGET, Map.of("ups.status", "OL"), NOW);

            assertThat(reading.chargePercent()).isEmpty();
            assertThat(reading.runtimeSeconds()).isEmpty();
            assertThat(reading.loadPercent()).isEmpty();
        }

        @Test
        void roundsDecimalRuntime() {
            assertThat(NutProtocol.reading(TARGET, Map.of("ups.status", "OB", "battery.runtime", "1799.6"), NOW)
                    .runtimeSeconds()).hasValue(1800L);
        }

        @Test
        void refusesWaitAsData() {
            assertThatThrownBy(() -> NutProtocol.reading(TARGET, Map.of("ups.status", "WAIT"), NOW))
                    .isInstanceOfSatisfying(NutException.class, e -> assertThat(e.errorCode()).isEqualTo("WAIT"))
                    .hasMessageContaining("myups@127.0.0.1")
                    .hasMessageContaining("no data yet")
                    .hasMessageContaining("hint:");
        }

        @Test
        void refusesAMissingStatus() {
            assertThatThrownBy(() -> NutProtocol.reading(TARGET, Map.of("battery.charge", "100"), NOW))
                    .isInstanceOf(NutException.class)
                    .hasMessageContaining("no ups.status");
        }

        @Test
        void namesAnUnparsableNumber() {
            assertThatThrownBy(() -> NutProtocol.reading(TARGET, Map.of("ups.status", "OL", "battery.charge", "full"), NOW))
                    .isInstanceOf(NutException.class)
                    .hasMessageContaining("battery.charge is not a number")
                    .hasMessageContaining("battery.charge \"full\"");
        }

        @Test
        void refusesNonFiniteNumbers() {
            assertThatThrownBy(() -> NutProtocol.reading(TARGET, Map.of("ups.status", "OL", "ups.load", "NaN"), NOW))
                    .isInstanceOf(NutException.class).hasMessageContaining("ups.load is not a number");
        }
    }
}
