package io.hecate.drills.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * A TCP relay in front of the mock API server. While the lab's API is "down" the listening socket is
 * closed (connections are refused) and open connections are cut, which is what a client sees when every
 * k3s server is gone.
 */
final class ApiGate implements AutoCloseable {

    private final int backendPort;
    private final ExecutorService io;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private int port;
    private ServerSocket listener;

    ApiGate(int backendPort, ExecutorService io) {
        this.backendPort = backendPort;
        this.io = io;
    }

    synchronized int port() {
        return port;
    }

    synchronized boolean isOpen() {
        return listener != null;
    }

    synchronized void setOpen(boolean up) throws IOException {
        if (up && listener == null) {
            listener = bind();
            ServerSocket accepting = listener;
            io.execute(() -> acceptLoop(accepting));
        } else if (!up && listener != null) {
            listener.close();
            listener = null;
            for (Socket socket : open) {
                closeQuietly(socket);
            }
        }
    }

    private ServerSocket bind() throws IOException {
        IOException last = null;
        boolean first = port == 0;
        for (int attempt = 0; attempt < 20; attempt++) {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), first ? LabPorts.next() : port),
                        50);
                port = socket.getLocalPort();
                return socket;
            } catch (IOException e) {
                last = e;
                socket.close();
                if (first) {
                    continue;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IOException("API gate could not bind 127.0.0.1:" + port, last);
    }

    private void acceptLoop(ServerSocket accepting) {
        while (!accepting.isClosed()) {
            try {
                Socket client = accepting.accept();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                client.setTcpNoDelay(true);
                backend.setTcpNoDelay(true);
                open.add(client);
                open.add(backend);
                io.execute(() -> pump(client, backend));
                io.execute(() -> pump(backend, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException cut) {
            // Either side closed or the gate went down.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    @Override
    public void close() throws IOException {
        setOpen(false);
    }
}
