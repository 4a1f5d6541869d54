package dev.postject.service.wiring;

import dev.postject.service.auth.CallerLimits;
import dev.postject.service.auth.SmtpCredentials;
import dev.postject.service.mail.server.TlsIdentity;
import dev.postject.service.submission.SubmissionListeners;
import dev.postject.service.submission.SubmissionSettings;

/** SMTP submission: its TLS identity (configured, or self-signed once into the data directory) and its two listeners. */
final class SubmissionWiring {
    private SubmissionWiring() {}

    /** The listeners, started with the service; null when submission is turned off. */
    static SubmissionListeners install(
            Platform platform, SendingWiring sending, SmtpCredentials credentials, CallerLimits limits) {
        SubmissionSettings settings = platform.config().submission();
        if (!settings.enabled()) {
            return null;
        }
        String host = settings.endpoint(platform.publicUrl().host()).host();
        TlsIdentity identity = TlsIdentity.configuredOrSelfSigned(
                settings.certificateFile(),
                settings.keyFile(),
                platform.dataDir().resolve("tls"),
                host,
                platform.clock());
        SubmissionListeners listeners = new SubmissionListeners(
                settings,
                host,
                identity,
                credentials,
                limits,
                sending.sending(),
                sending.idempotency(),
                platform.environment().getObjectMapper());
        platform.environment().lifecycle().manage(listeners);
        return listeners;
    }
}
