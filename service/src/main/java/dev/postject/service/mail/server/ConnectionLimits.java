package dev.postject.service.mail.server;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many connections may be open at once, in all and from one client address. A server counts
 * its own by default ({@link SmtpServerSettings#maxSessions()} and
 * {@link SmtpServerSettings#maxSessionsPerClient()}); servers given the same instance share it, so
 * that a node's listeners (say, a STARTTLS port and an implicit-TLS port) hold one limit between
 * them. A connection counts from its accept until its session says goodbye.
 */
public final class ConnectionLimits {
    private final int maxConnections;
    private final int maxPerClient;
    private final Map<InetAddress, Integer> perClient = new HashMap<>();
    private int open;

    public ConnectionLimits(int maxConnections, int maxPerClient) {
        if (maxConnections < 1 || maxPerClient < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        this.maxConnections = maxConnections;
        this.maxPerClient = maxPerClient;
    }

    /** Connections counted now, of every server sharing these limits. */
    public synchronized int open() {
        return open;
    }

    /** Counts the connection in and answers null, or answers the reply that refuses it. */
    synchronized String admit(InetAddress client, String hostname) {
        if (open >= maxConnections) {
            return "421 4.7.0 " + hostname + " Error: too many connections";
        }
        if (perClient.getOrDefault(client, 0) >= maxPerClient) {
            return "421 4.7.0 " + hostname + " Error: too many connections from " + client.getHostAddress();
        }
        open++;
        perClient.merge(client, 1, Integer::sum);
        return null;
    }

    synchronized void release(InetAddress client) {
        open--;
        perClient.computeIfPresent(client, (ip, n) -> n > 1 ? n - 1 : null);
    }
}
