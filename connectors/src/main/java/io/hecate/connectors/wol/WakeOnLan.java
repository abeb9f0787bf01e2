package io.hecate.connectors.wol;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * Sends Wake-on-LAN magic packets over UDP: six 0xFF bytes, then the MAC address sixteen times. UDP gives no
 * answer, so a sent packet is all this can confirm; whether the node woke shows when its SSH answers.
 */
public final class WakeOnLan {

    /** Repeated because a lone UDP datagram may be dropped; a woken NIC ignores the rest. */
    static final int PACKETS = 3;

    public void wake(String node, String mac, String broadcast, int port) {
        byte[] packet = magicPacket(mac);
        InetAddress address;
        try {
            address = InetAddress.getByName(broadcast);
        } catch (UnknownHostException e) {
            throw new WakeOnLanException("cannot resolve the Wake-on-LAN broadcast address " + broadcast, node, e.getMessage(),
                    "check restore.nodes." + node + ".broadcast");
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setBroadcast(true);
            for (int i = 0; i < PACKETS; i++) {
                socket.send(new DatagramPacket(packet, packet.length, address, port));
            }
        } catch (IOException e) {
            throw new WakeOnLanException("cannot send the Wake-on-LAN packet for " + mac + " to " + broadcast + ":" + port,
                    node, e.getMessage(), "this host needs a route to " + broadcast + " (same L2 network as the node)");
        }
    }

    /** The 102-byte magic packet for a MAC written aa:bb:cc:dd:ee:ff or aa-bb-cc-dd-ee-ff. */
    public static byte[] magicPacket(String mac) {
        byte[] address = HexFormat.of().parseHex(mac.replace(":", "").replace("-", ""));
        if (address.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + mac);
        }
        byte[] packet = new byte[6 + 16 * 6];
        for (int i = 0; i < 6; i++) {
            packet[i] = (byte) 0xFF;
        }
        for (int i = 0; i < 16; i++) {
            System.arraycopy(address, 0, packet, 6 + i * 6, 6);
        }
        return packet;
    }
}
