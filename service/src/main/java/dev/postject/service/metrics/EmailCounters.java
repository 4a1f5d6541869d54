package dev.postject.service.metrics;

import dev.postject.events.EmailBounced;
import dev.postject.events.EmailComplained;
import dev.postject.events.EmailDeferred;
import dev.postject.events.EmailDelivered;
import dev.postject.events.EmailFailed;
import dev.postject.events.EmailQueued;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.sending.Email;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.regex.Pattern;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Counts emails and their outcomes per source, in this node's memory, as the ledger appends them:
 * a side effect in the transaction of the event that adds no database work, and counts once it has
 * committed (a rolled-back command counts nothing). Like every Prometheus counter these are per
 * node and start at zero with the process; Prometheus scrapes each node and {@code sum()} adds them.
 *
 * <p>Emails are counted once when accepted; outcomes once per recipient. The source of an outcome
 * comes from its event's {@link Email#SOURCE_KEY} metadata ({@code unknown} for events recorded
 * before there was any).
 */
@ProcessingGroup(EmailCounters.GROUP)
public final class EmailCounters {
    public static final String GROUP = "metrics-emails";

    /** Sources a fresh node shows at zero, so that rates and ratios exist before the first email. */
    static final List<String> KNOWN_SOURCES = List.of(EmailQueued.API, EmailQueued.SMTP, EmailQueued.SYSTEM);

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final Transactions transactions;
    private final Counter accepted;
    private final Counter delivered;
    private final Counter deferred;
    private final Counter bounced;
    private final Counter complained;
    private final Counter failed;

    public EmailCounters(PrometheusRegistry registry, Transactions transactions) {
        this.transactions = transactions;
        accepted = counter(registry, "postject_emails_accepted", "Emails accepted and committed for delivery.");
        delivered = counter(registry, "postject_emails_delivered", "Recipients whose receiving server took the email.");
        deferred = counter(
                registry, "postject_emails_deferred", "Delivery attempts answered with a temporary failure (retried).");
        bounced = Counter.builder()
                .name("postject_emails_bounced")
                .help("Recipients that bounced, at delivery or reported later, by bounce type.")
                .labelNames("source", "bounce_type")
                .register(registry);
        complained = counter(registry, "postject_emails_complained", "Spam complaints, one per recipient.");
        failed = counter(registry, "postject_emails_failed", "Recipients given up on without a bounce.");
        for (String source : KNOWN_SOURCES) {
            for (Counter counter : List.of(accepted, delivered, deferred, complained, failed)) {
                counter.initLabelValues(source);
            }
        }
    }

    private static Counter counter(PrometheusRegistry registry, String name, String help) {
        return Counter.builder().name(name).help(help).labelNames("source").register(registry);
    }

    @EventHandler
    void on(EmailQueued event) {
        afterCommit(() -> accepted.labelValues(code(event.source())).inc());
    }

    @EventHandler
    void on(EmailDelivered event, @MetaDataValue(Email.SOURCE_KEY) String source) {
        afterCommit(() -> delivered.labelValues(code(source)).inc());
    }

    @EventHandler
    void on(EmailDeferred event, @MetaDataValue(Email.SOURCE_KEY) String source) {
        afterCommit(() -> deferred.labelValues(code(source)).inc());
    }

    @EventHandler
    void on(EmailBounced event, @MetaDataValue(Email.SOURCE_KEY) String source) {
        afterCommit(() ->
                bounced.labelValues(code(source), code(event.bounceType())).inc());
    }

    @EventHandler
    void on(EmailComplained event, @MetaDataValue(Email.SOURCE_KEY) String source) {
        afterCommit(() -> complained.labelValues(code(source)).inc());
    }

    @EventHandler
    void on(EmailFailed event, @MetaDataValue(Email.SOURCE_KEY) String source) {
        afterCommit(() -> failed.labelValues(code(source)).inc());
    }

    /** A label value from our own vocabulary, never free text: anything else is {@code other}. */
    private static String code(String value) {
        if (value == null) {
            return "unknown";
        }
        return CODE.matcher(value).matches() ? value : "other";
    }

    /**
     * Counts once the database transaction commits: the command's unit of work may only have
     * joined a transaction that rolls back later (and runs again).
     */
    private void afterCommit(Runnable count) {
        if (transactions.isActive()) {
            transactions.afterCommit(count);
        } else if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> count.run());
        } else {
            count.run();
        }
    }
}
