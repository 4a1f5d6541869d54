package dev.postject.service.auth;

import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.projections.apikeys.ApiKeyView;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.sending.SendingScope;
import java.security.Principal;
import java.util.Objects;

/**
 * Whoever an authenticated request (or SMTP session) comes from: a dashboard user of an account, a
 * platform admin (no account), an API key of an account (full access, or sending access: it may
 * only send and read what it sent, perhaps only from one domain's addresses), or a server token of
 * an account (which may only send, and read what it sent). What the sending ones may call is
 * {@link ServerTokenScope}'s to say.
 *
 * @param sendingAccess whether this is a sending-access API key
 * @param sendingScope the senders it may send as ({@link SendingScope#ANY} but for a key limited to a domain)
 */
public record Caller(Actor actor, AccountId accountId, boolean sendingAccess, SendingScope sendingScope)
        implements Principal {

    public Caller {
        Objects.requireNonNull(sendingScope, "sendingScope");
    }

    public Caller(Actor actor, AccountId accountId) {
        this(actor, accountId, false, SendingScope.ANY);
    }

    public static Caller user(String userId, String accountId) {
        return new Caller(new Actor(Actor.Type.USER, userId), new AccountId(accountId));
    }

    public static Caller admin(String userId) {
        return new Caller(new Actor(Actor.Type.ADMIN, userId), null);
    }

    /** A full-access API key. */
    public static Caller apiKey(String keyId, String accountId) {
        return new Caller(new Actor(Actor.Type.API_KEY, keyId), new AccountId(accountId));
    }

    /** The API key a lookup-model row describes, with its permission and domain. */
    public static Caller apiKey(ApiKeyView key) {
        return new Caller(
                new Actor(Actor.Type.API_KEY, key.id()),
                new AccountId(key.accountId()),
                key.sendingOnly(),
                SendingScope.of(key.domainId(), key.domain()));
    }

    public static Caller serverToken(String tokenId, String accountId) {
        return new Caller(new Actor(Actor.Type.SERVER_TOKEN, tokenId), new AccountId(accountId));
    }

    public boolean isServerToken() {
        return actor.type() == Actor.Type.SERVER_TOKEN;
    }

    /** A server token or a sending-access API key: it may only send, and read what it sent. */
    public boolean maySendOnly() {
        return isServerToken() || sendingAccess;
    }

    /**
     * The sender whose emails alone this caller may read: the server token or sending-access key
     * itself; null for everyone else, who may read every email of the account.
     */
    public Actor readsOnlyEmailsSentBy() {
        return maySendOnly() ? actor : null;
    }

    @Override
    public String getName() {
        return actor.id();
    }

    /** The account this caller acts for, with an API key or a dashboard token. */
    public AccountId account() {
        if (accountId == null) {
            throw new Refusal.Forbidden("account_required", "This endpoint acts on an account; admins have none.");
        }
        return accountId;
    }

    /** The account, for endpoints that accept only a user's dashboard token. */
    public AccountId dashboardAccount() {
        if (actor.type() != Actor.Type.USER) {
            throw new Refusal.Forbidden(
                    "dashboard_token_required", "This endpoint accepts only a dashboard token, not an API key.");
        }
        return accountId;
    }

    public void requireAdmin() {
        if (actor.type() != Actor.Type.ADMIN) {
            throw new Refusal.Forbidden("admin_required", "This endpoint is for platform admins.");
        }
    }
}
