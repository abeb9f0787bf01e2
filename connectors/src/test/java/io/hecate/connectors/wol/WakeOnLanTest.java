package io.hecate.connectors.wol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A real UDP socket on loopback receives what a NIC would. */
class WakeOnLanTest {

    @Test
    void sendsTheMagicPacketForTheMacToThePort() throws Exception {
        try (DatagramSocket nic = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            nic.setSoTimeout(5000);

            new WakeOnLan().wake("titan-04", "AA:bb:0c:dd:ee:01", "127.0.0.1", nic.getLocalPort());

            DatagramPacket received = new DatagramPacket(new byte[200], 200);
            nic.receive(received);
            byte[] payload = Arrays.copyOf(received.getData(), received.getLength());
            assertThat(payload).hasSize(102);
            assertThat(Arrays.copyOf(payload, 6)).containsOnly((byte) 0xFF);
            for (int i = 0; i < 16; i++) {
                assertThat(Arrays.copyOfRange(payload, 6 + 6 * i, 12 + 6 * i))
                        .containsExactly(0xAA, 0xBB, 0x0C, 0xDD, 0xEE, 0x01);
            }
        }
    }

    @Test
    void namesTheNodeAndKeyWhenTheBroadcastAddressDoesNotResolve() {
        assertThatThrownBy(() -> new WakeOnLan().wake("titan-05", "aa:bb:cc:dd:ee:ff", "no-such-host.invalid", 9))
                .isInstanceOf(WakeOnLanException.class)
                .hasMessageContaining("titan-05")
                .hasMessageContaining("restore.nodes.titan-05.broadcast");
    }
}
