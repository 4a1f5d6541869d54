package dev.postject.service.auth;

import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.service.platform.errors.Refusal;
import java.security.Principal;

/**
 * Whoever an authenticated request (or SMTP session) comes from: a dashboard user of an account, a
 * platform admin (no account), an API key of an account, or a server token of an account (which
 * may only send, and read what it sent: see {@link ServerTokenScope}).
 */
public record Caller(Actor actor, AccountId accountId) implements Principal {

    public static Caller user(String userId, String accountId) {
        return new Caller(new Actor(Actor.Type.USER, userId), new AccountId(accountId));
    }

    public static Caller admin(String userId) {
        return new Caller(new Actor(Actor.Type.ADMIN, userId), null);
    }

    public static Caller apiKey(String keyId, String accountId) {
        return new Caller(new Actor(Actor.Type.API_KEY, keyId), new AccountId(accountId));
    }

    public static Caller serverToken(String tokenId, String accountId) {
        return new Caller(new Actor(Actor.Type.SERVER_TOKEN, tokenId), new AccountId(accountId));
    }

    public boolean isServerToken() {
        return actor.type() == Actor.Type.SERVER_TOKEN;
    }

    /**
     * The sender whose emails alone this caller may read: the server token itself, for a server
     * token; null for everyone else, who may read every email of the account.
     */
    public Actor readsOnlyEmailsSentBy() {
        return isServerToken() ? actor : null;
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
