package dev.postject.service.mail.direct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Accepts connections and holds them open in silence, as a dead or overloaded server does. */
public final class HangingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    public HangingServer(InetAddress address, int port) {
        try {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread thread = new Thread(
                () -> {
                    while (!socket.isClosed()) {
                        try {
                            accepted.add(socket.accept());
                        } catch (IOException e) {
                            // closed
                        }
                    }
                },
                "mx-test-hanging");
        thread.setDaemon(true);
        thread.start();
    }

    public InetAddress address() {
        return socket.getInetAddress();
    }

    /** Connections it accepted. */
    public int connections() {
        return accepted.size();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
