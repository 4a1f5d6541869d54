package dev.postject.service.wiring;

import dev.postject.service.PostjectConfiguration;
import dev.postject.service.inbound.InboundListener;
import dev.postject.service.inbound.InboundSettings;
import dev.postject.service.mail.returnpath.ReturnPaths;
import dev.postject.service.platform.ledger.Ledger;
import dev.postject.service.submission.SubmissionListeners;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound listener for bounces and complaints: on when a bounce domain is configured (its
 * Return-Paths are what reports come back to) and {@code inbound.enabled}; STARTTLS with the
 * submission listeners' certificate when they run.
 */
final class InboundWiring {
    private static final Logger LOG = LoggerFactory.getLogger(InboundWiring.class);

    private InboundWiring() {}

    /** The listener, started with the service; null when it is off (said in the log). */
    static InboundListener install(Platform platform, Ledger ledger, SubmissionListeners submission) {
        PostjectConfiguration config = platform.config();
        InboundSettings settings = config.inbound();
        Optional<String> bounceDomain = config.delivery().bounceDomain();
        if (bounceDomain.isEmpty()) {
            LOG.info("No bounce domain (POSTJECT_BOUNCE_DOMAIN): no inbound listener for bounces and complaints;"
                    + " only bounces during delivery are recorded");
            return null;
        }
        if (!settings.enabled()) {
            LOG.info(
                    "The inbound listener for bounces and complaints to {} is turned off (POSTJECT_INBOUND_ENABLED)",
                    bounceDomain.get());
            return null;
        }
        InboundListener listener = new InboundListener(
                settings,
                bounceDomain.get(),
                new ReturnPaths(platform.secrets().derive("return paths"), bounceDomain.get()),
                platform.jdbi(),
                platform.transactions(),
                ledger.commands(),
                submission == null ? null : submission.identity().sslContext());
        platform.environment().lifecycle().manage(listener);
        return listener;
    }
}
