package dev.postject.service.sending;

import dev.postject.events.Actor;
import dev.postject.events.EmailId;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.tracking.TrackingTokens;
import dev.postject.service.tracking.TrackingTokens.Kind;
import dev.postject.service.tracking.TrackingTokens.Target;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens and clicks, from the tracking pixel and links, into the ledger. */
public final class Engagements {
    private static final Logger LOG = LoggerFactory.getLogger(Engagements.class);
    /** The actor of an open or click: the recipient's mail client, by way of a tracked URL. */
    static final Actor RECIPIENT = new Actor(Actor.Type.SYSTEM, "tracking");

    private final TrackingTokens tokens;
    private final CommandGateway commands;

    public Engagements(TrackingTokens tokens, CommandGateway commands) {
        this.tokens = tokens;
        this.commands = commands;
    }

    /** Records the open; false when the token is not Postject's. */
    public boolean opened(String token, String userAgent) {
        return tokens.verify(token, Kind.OPEN).map(t -> record(t, userAgent)).isPresent();
    }

    /** Records the click and returns where the link goes; empty when the token is not Postject's. */
    public Optional<String> clicked(String token, String userAgent) {
        return tokens.verify(token, Kind.CLICK).map(t -> {
            record(t, userAgent);
            return t.url();
        });
    }

    /**
     * A failure to record never keeps the reader from the image or the link: it is logged, and
     * the answer goes out.
     */
    private Target record(Target target, String userAgent) {
        try {
            RequestContext.authenticatedAs(RECIPIENT);
            commands.sendAndWait(
                    new RecordEngagement(new EmailId(target.emailId()), target.recipient(), target.url(), userAgent));
        } catch (RuntimeException e) {
            LOG.warn("Could not record a {} of {}: {}", target.kind(), target.emailId(), e.getMessage());
        }
        return target;
    }
}
