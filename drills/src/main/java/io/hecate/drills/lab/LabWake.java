package io.hecate.drills.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lab nodes' network cards for Wake-on-LAN: each node listens on its own loopback UDP port (one selector
 * thread for all of them, so 200 nodes need no thread each) and a powered-off node boots when a magic packet
 * with its MAC arrives there. Anything else on the port is ignored, as a NIC does.
 */
final class LabWake implements AutoCloseable {

    private final Lab lab;
    private final Selector selector;
    private final Map<DatagramChannel, LabNode> nodes = new LinkedHashMap<>();
    private final Thread thread;

    LabWake(Lab lab, Iterable<LabNode> all) throws IOException {
        this.lab = lab;
        this.selector = Selector.open();
        for (LabNode node : all) {
            DatagramChannel channel = bind();
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            nodes.put(channel, node);
            node.wakeOnLan(mac(node), ((InetSocketAddress) channel.getLocalAddress()).getPort());
        }
        thread = LabScheduler.daemon("lab-wake").newThread(this::listen);
        thread.start();
    }

    /** A locally administered MAC made from the node's name, stable across lab runs. */
    static String mac(LabNode node) {
        int hash = node.name().hashCode();
        return String.format("02:1a:%02x:%02x:%02x:%02x", (hash >>> 24) & 0xFF, (hash >>> 16) & 0xFF, (hash >>> 8) & 0xFF,
                hash & 0xFF);
    }

    private static DatagramChannel bind() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramChannel channel = DatagramChannel.open();
            try {
                channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), LabPorts.next()));
                return channel;
            } catch (IOException e) {
                last = e;
                channel.close();
            }
        }
        throw new IOException("lab: no free loopback UDP port for Wake-on-LAN", last);
    }

    private void listen() {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        while (selector.isOpen()) {
            try {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    buffer.clear();
                    if (channel.receive(buffer) != null) {
                        received(nodes.get(channel), Arrays.copyOf(buffer.array(), buffer.position()));
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (selector.isOpen()) {
                    lab.record("lab", "wake-on-lan listener: " + e);
                }
                return;
            }
        }
    }

    private void received(LabNode node, byte[] packet) {
        if (!isMagicPacketFor(packet, node.mac())) {
            return;
        }
        if (node.poweredOn()) {
            return;
        }
        lab.record(node.name(), "Wake-on-LAN magic packet received");
        try {
            node.powerOn();
        } catch (IOException e) {
            lab.record(node.name(), "boot after Wake-on-LAN failed: " + e.getMessage());
        }
    }

    static boolean isMagicPacketFor(byte[] packet, String mac) {
        byte[] address = HexFormat.of().parseHex(mac.replace(":", ""));
        if (packet.length < 102) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (packet[i] != (byte) 0xFF) {
                return false;
            }
        }
        for (int i = 0; i < 16; i++) {
            if (!Arrays.equals(packet, 6 + 6 * i, 12 + 6 * i, address, 0, 6)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        for (DatagramChannel channel : nodes.keySet()) {
            channel.close();
        }
    }
}
