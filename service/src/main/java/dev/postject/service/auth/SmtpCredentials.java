package dev.postject.service.auth;

import dev.postject.projections.servertokens.ServerTokenView;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.net.Cidr;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who an SMTP submission client is, for the submission listener. Three questions, each answered
 * from the read-your-writes models through this node's caches (so a revocation on any node counts
 * here within a second, and at once on this one), each use noted like HTTP's ({@link KeyUsage}):
 *
 * <ul>
 *   <li>{@link #byPassword}: the AUTH password, an API key or a server token, checked exactly as the
 *       HTTP bearer filter checks it ({@link CredentialLookup}); the user name does not count.
 *   <li>{@link #byClientAddress}: a client that did not authenticate, by the address it connects
 *       from: the server token whose {@code allowedNetworks} hold it.
 *   <li>{@link #stillActive}: at each {@code MAIL FROM}, whether the credential the session began
 *       with still works (neither revoked nor expired since).
 * </ul>
 *
 * Dashboard tokens are not SMTP credentials.
 */
public final class SmtpCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpCredentials.class);
    private static final int MAX_WARNINGS = 10_000;

    private final CredentialLookup secrets;
    private final ReadModelCaches caches;
    private final KeyUsage usage;
    private final Clock clock;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile NetworkTable table = new NetworkTable(null, List.of());

    private record Network(Cidr cidr, ServerTokenView token) {}

    /** The networks of {@code source} (a list the cache handed out), parsed once for as long as it is current. */
    private record NetworkTable(List<ServerTokenView> source, List<Network> networks) {}

    public SmtpCredentials(ReadModelCaches caches, KeyUsage usage, Clock clock) {
        this.secrets = new CredentialLookup(caches, usage, clock);
        this.caches = caches;
        this.usage = usage;
        this.clock = clock;
    }

    /** The caller of an AUTH password: an API key or a server token that works now; else empty. */
    public Optional<Caller> byPassword(String secret) {
        return secrets.bySecret(secret);
    }

    /**
     * The server token a client at {@code client} acts as without authenticating: of the tokens that
     * work now, the one with the most specific of the networks that hold the address (an
     * IPv4-mapped IPv6 address counts as its IPv4 address). Empty when no network holds it, and
     * when the answer is ambiguous: two tokens with equally specific networks, or networks of more
     * than one account (a network never lets one account's clients send as another's); then the
     * client must authenticate, and a warning is logged once for those tokens.
     */
    public Optional<Caller> byClientAddress(InetAddress client) {
        Instant now = clock.instant();
        Map<String, Integer> best = new HashMap<>();
        Map<String, ServerTokenView> tokens = new HashMap<>();
        for (Network network : networks(now)) {
            if (network.token().isActiveAt(now) && network.cidr().contains(client)) {
                best.merge(network.token().id(), network.cidr().prefix(), Math::max);
                tokens.put(network.token().id(), network.token());
            }
        }
        if (best.isEmpty()) {
            return Optional.empty();
        }
        if (tokens.values().stream().map(ServerTokenView::accountId).distinct().count() > 1) {
            warnOnce(client, best.keySet(), "server tokens of more than one account");
            return Optional.empty();
        }
        int longest = best.values().stream().max(Integer::compare).orElseThrow();
        List<String> winners = best.entrySet().stream()
                .filter(e -> e.getValue() == longest)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        if (winners.size() > 1) {
            warnOnce(client, winners, "server tokens with equally specific networks (/" + longest + ")");
            return Optional.empty();
        }
        ServerTokenView token = tokens.get(winners.get(0));
        usage.serverTokenUsed(token.id(), now);
        return Optional.of(Caller.serverToken(token.id(), token.accountId()));
    }

    /** Whether the API key or server token {@code caller} authenticated with still works now. */
    public boolean stillActive(Caller caller) {
        return secrets.stillActive(caller);
    }

    private List<Network> networks(Instant now) {
        List<ServerTokenView> current = caches.serverTokensWithNetworks(now);
        NetworkTable known = table;
        if (known.source() == current) {
            return known.networks();
        }
        List<Network> networks = new ArrayList<>();
        for (ServerTokenView token : current) {
            for (String network : token.allowedNetworks()) {
                try {
                    networks.add(new Network(Cidr.parse(network), token));
                } catch (Cidr.Invalid e) {
                    LOG.warn("Server token {} names a network Postject cannot read; skipped: {}", token.id(), network);
                }
            }
        }
        table = new NetworkTable(current, List.copyOf(networks));
        return networks;
    }

    private void warnOnce(InetAddress client, Iterable<String> tokenIds, String why) {
        List<String> ids = new ArrayList<>();
        tokenIds.forEach(ids::add);
        ids.sort(null);
        String key = String.join(",", ids);
        if (warned.size() < MAX_WARNINGS && warned.add(key)) {
            LOG.warn(
                    "SMTP clients at {} match the allowed networks of {} ({}): ambiguous, so they must authenticate"
                            + " (logged once for these tokens)",
                    client.getHostAddress(),
                    why,
                    key);
        }
    }
}
