package io.hecate.connectors.timesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ClockOutputParserTest {

    private static final Duration MAX_OFFSET = Duration.ofMillis(500);

    private static final String CHRONY_SYNCED = """
            Reference ID    : C0A80101 (192.168.1.1)
            Stratum         : 3
            Ref time (UTC)  : Sat Mar 15 10:12:43 2025
            System time     : 0.000012345 seconds fast of NTP time
            Last offset     : +0.000001234 seconds
            RMS offset      : 0.000023456 seconds
            Frequency       : 1.234 ppm slow
            Residual freq   : +0.000 ppm
            Skew            : 0.012 ppm
            Root delay      : 0.001234567 seconds
            Root dispersion : 0.000123456 seconds
            Update interval : 64.2 seconds
            Leap status     : Normal
            """;

    private static final String CHRONY_UNSYNCED = """
            Reference ID    : 00000000 ()
            Stratum         : 0
            Ref time (UTC)  : Thu Jan 01 00:00:00 1970
            System time     : 0.000000000 seconds fast of NTP time
            Last offset     : +0.000000000 seconds
            RMS offset      : 0.000000000 seconds
            Frequency       : 0.000 ppm slow
            Residual freq   : +0.000 ppm
            Skew            : 0.000 ppm
            Root delay      : 1.000000000 seconds
            Root dispersion : 1.000000000 seconds
            Update interval : 0.0 seconds
            Leap status     : Not synchronised
            """;

    @Nested
    class Chrony {

        @Test
        void acceptsNormalLeapStatusWithReferenceAndSmallOffset() {
            SyncState state = ClockOutputParser.chronyTracking("titan-0a", CHRONY_SYNCED, MAX_OFFSET);

            assertThat(state.synchronised()).isTrue();
            assertThat(state.source()).isEqualTo("chrony");
            assertThat(state.detail()).contains("192.168.1.1", "0.000012345 s fast");
        }

        @Test
        void rejectsNotSynchronisedLeapStatus() {
            SyncState state = ClockOutputParser.chronyTracking("titan-0a", CHRONY_UNSYNCED, MAX_OFFSET);

            assertThat(state.synchronised()).isFalse();
            assertThat(state.detail()).isEqualTo("leap status: Not synchronised");
        }

        @Test
        void rejectsNormalLeapStatusWithoutReference() {
            String output = CHRONY_UNSYNCED.replace("Not synchronised", "Normal");

            SyncState state = ClockOutputParser.chronyTracking("titan-0a", output, MAX_OFFSET);

            assertThat(state.synchronised()).isFalse();
            assertThat(state.detail()).startsWith("no reference source");
        }

        @Test
        void rejectsOffsetAboveLimit() {
            String output = CHRONY_SYNCED.replace("0.000012345 seconds fast", "2.500000000 seconds slow");

            SyncState state = ClockOutputParser.chronyTracking("titan-0a", output, MAX_OFFSET);

            assertThat(state.synchronised()).isFalse();
            assertThat(state.detail()).contains("2.500000000 s slow", "exceeds 500 ms");
        }

        @Test
        void reportsGarbageAsNotSynchronisedWithWhatWasSeen() {
            SyncState state = ClockOutputParser.chronyTracking("titan-0a", "506 Cannot talk to daemon\n", MAX_OFFSET);

            assertThat(state.synchronised()).isFalse();
            assertThat(state.detail()).isEqualTo("unexpected chronyc output: 506 Cannot talk to daemon");
        }

        @Test
        void reportsEmptyOutputAsNotSynchronised() {
            SyncState state = ClockOutputParser.chronyTracking("titan-0a", "", MAX_OFFSET);

            assertThat(state.synchronised()).isFalse();
            assertThat(state.detail()).isEqualTo("unexpected chronyc output: (empty)");
        }

        @Test
        void reportsMalformedSystemTimeAsNotSynchronised() {
            String output = CHRONY_SYNCED.replace("0.000012345 seconds fast of NTP time", "soon");

            SyncState state = ClockOutputParser.chronyTracking("titan-0a", output, MAX_OFFSET);

            assertThat(state.synchronised()).isFalse();
            assertThat(state.detail()).isEqualTo("unexpected system time: soon");
        }
    }

    @Nested
    class Timedatectl {

        @Test
        void acceptsYes() {
            SyncState state = ClockOutputParser.timedatectl("titan-0a", "yes\n");

            assertThat(state).isEqualTo(new SyncState("titan-0a", true, "timedatectl", "NTPSynchronized=yes"));
        }

        @Test
        void rejectsNo() {
            assertThat(ClockOutputParser.timedatectl("titan-0a", "no\n").synchronised()).isFalse();
        }

        @Test
        void reportsGarbageAndEmptyAsNotSynchronised() {
            assertThat(ClockOutputParser.timedatectl("titan-0a", "Failed to connect to bus").detail())
                    .isEqualTo("unexpected timedatectl output: Failed to connect to bus");
            assertThat(ClockOutputParser.timedatectl("titan-0a", "").detail())
                    .isEqualTo("unexpected timedatectl output: (empty)");
        }
    }
}
