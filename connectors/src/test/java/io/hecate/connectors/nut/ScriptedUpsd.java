package io.hecate.connectors.nut;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A one-port fake upsd that answers each received line with the lines a script returns, to drive the
 * client into replies a real upsd does not give (malformed, silent, dropped connections). A script
 * returning null closes the connection; an empty list answers nothing; {@link #HANG_UP} in a reply
 * closes the connection at that point.
 */
final class ScriptedUpsd implements AutoCloseable {

    static final String HANG_UP = "<hang up>";

    private final ServerSocket server;
    private final Function<String, List<String>> script;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    ScriptedUpsd(Function<String, List<String>> script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-upsd");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    UpsTarget target(String ups) {
        return new UpsTarget(ups, "127.0.0.1", server.getLocalPort());
    }

    List<String> received() {
        return received;
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                clients.add(client);
                Thread conversation = new Thread(() -> converse(client), "scripted-upsd-client");
                conversation.setDaemon(true);
                conversation.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                received.add(line);
                List<String> reply = script.apply(line);
                if (reply == null) {
                    return;
                }
                for (String replyLine : reply) {
                    if (replyLine.equals(HANG_UP)) {
                        return;
                    }
                    out.print(replyLine + "\n");
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
