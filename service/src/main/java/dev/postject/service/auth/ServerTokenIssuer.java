package dev.postject.service.auth;

import dev.postject.events.AccountId;
import dev.postject.events.ServerTokenId;
import dev.postject.projections.servertokens.ServerTokenQueries;
import dev.postject.projections.servertokens.ServerTokenView;
import dev.postject.service.account.CreateServerToken;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Ids;
import dev.postject.service.platform.text.SecretFormat;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Issues server tokens: checks the allowed networks ({@link AllowedNetworks}), refuses a network
 * that overlaps one another account's working token allows (409 {@code network_in_use}: clients
 * there would send as two accounts), mints the secret, and has the account record it (the account
 * enforces the limit of active tokens). Only the plaintext's hash leaves this class, besides the
 * plaintext in its answer, shown once.
 */
public final class ServerTokenIssuer {
    static final String DEFAULT_NAME = "Server token";

    private final CommandGateway commands;
    private final ServerTokenQueries tokens;
    private final Clock clock;

    /** A token just issued: its model row, and the plaintext for the one answer that shows it. */
    public record Issued(ServerTokenView view, String token) {
        @Override
        public String toString() {
            return "Issued[" + view.id() + "]";
        }
    }

    public ServerTokenIssuer(CommandGateway commands, ServerTokenQueries tokens, Clock clock) {
        this.commands = commands;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** {@code name} blank: a default one; {@code expiresInDays} null: never expires; {@code networks} null: none. */
    public Issued issue(AccountId account, String name, Integer expiresInDays, List<String> networks) {
        List<String> allowed = AllowedNetworks.canonical(networks);
        if (!allowed.isEmpty()) {
            List<String> taken =
                    tokens.claimedByOthers(account.value(), allowed.toArray(String[]::new), clock.instant());
            if (!taken.isEmpty()) {
                throw new Refusal.Conflict(
                        "network_in_use",
                        "The network " + taken.get(0) + " overlaps a network another Postject account allows:"
                                + " its clients would send as two accounts. Authenticate them with the token instead.",
                        Map.of("network", taken.get(0)));
            }
        }
        SecretFormat.Issued secret = ServerTokenSecrets.issue();
        ServerTokenId id = new ServerTokenId(Ids.newId(ServerTokenId.PREFIX));
        commands.sendAndWait(new CreateServerToken(
                account,
                id,
                name == null || name.isBlank() ? DEFAULT_NAME : name.strip(),
                secret.hash(),
                secret.hint(),
                expiresInDays,
                allowed));
        return new Issued(tokens.find(account.value(), id.value()).orElseThrow(), secret.plaintext());
    }
}
