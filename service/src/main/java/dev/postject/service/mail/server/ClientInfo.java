package dev.postject.service.mail.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Who is connected: the client's address, the local address it reached, and the TLS protocol and
 * cipher suite when the session is encrypted (both null in plaintext). After STARTTLS the session
 * has a new {@code ClientInfo} with TLS set.
 */
public record ClientInfo(InetSocketAddress remote, InetSocketAddress local, String tlsProtocol, String tlsCipherSuite) {
    public ClientInfo {
        if (remote == null || local == null) {
            throw new IllegalArgumentException("remote and local addresses are required");
        }
    }

    public InetAddress address() {
        return remote.getAddress();
    }

    public int localPort() {
        return local.getPort();
    }

    public boolean tls() {
        return tlsProtocol != null;
    }

    public boolean loopback() {
        return remote.getAddress().isLoopbackAddress();
    }
}
