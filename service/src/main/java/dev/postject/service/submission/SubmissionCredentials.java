package dev.postject.service.submission;

import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.service.auth.Caller;
import dev.postject.service.platform.cache.ReadModelCaches;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;

/** What SMTP submission asks of the credentials: who a password is, who a client address is, and whether they still are. */
public interface SubmissionCredentials {
    /** The caller whose credential this AUTH password is, if it is a valid, active one. */
    Optional<Caller> byPassword(String secret);

    /** The caller a client connecting from this address acts as without AUTH, if any. */
    Optional<Caller> byClientAddress(InetAddress client);

    /** Whether the caller's credential is still valid now (not revoked, not expired). */
    boolean stillActive(Caller caller);

    /** API keys as SMTP passwords. */
    static SubmissionCredentials apiKeys(ReadModelCaches caches, ApiKeyQueries keys, Clock clock) {
        return new ApiKeyCredentials(caches, keys, clock);
    }
}
