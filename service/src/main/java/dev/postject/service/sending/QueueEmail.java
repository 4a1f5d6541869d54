package dev.postject.service.sending;

import dev.postject.events.AccountId;
import dev.postject.events.EmailId;
import dev.postject.service.platform.ledger.CreatesAggregate;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Accept an email whose content is already stored under its id; {@code source} is the way it came in
 * (see {@link dev.postject.events.EmailQueued}), {@code acceptedAt} when Postject took it. Its id
 * is new ({@link dev.postject.service.platform.ledger.CreatesAggregate}): the email is locked by no one.
 */
public record QueueEmail(
        @TargetAggregateIdentifier EmailId emailId,
        AccountId accountId,
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        List<String> suppressed,
        String subject,
        String tag,
        Map<String, String> metadata,
        String messageId,
        boolean sandbox,
        boolean system,
        String source,
        java.time.Instant acceptedAt)
        implements CreatesAggregate {}
