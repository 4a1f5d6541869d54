package dev.postject.service.delivery.transport;

import dev.postject.service.delivery.DeliveryTransport;
import dev.postject.service.mail.SmtpReply;
import dev.postject.service.mail.direct.DirectOutcome;
import dev.postject.service.mail.direct.DirectTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Direct mode: each destination's messages straight to its mail servers through the
 * {@link DirectTransport}. The copies of one email to one domain with the same bytes go in one
 * transaction (unless each recipient has a Return-Path of its own). A destination that is backed
 * off is not tried: its messages wait, uncounted, until the backoff ends; one that already has as
 * many of this node's workers as it may get ({@code perDestination}) is left for a moment, so a
 * slow destination never holds the workers the others need.
 *
 * <p>A worker sends to one destination per lease: the leased messages of other destinations are
 * handed back before it sends ({@link Sender#leave}), for other workers, so that none of them waits
 * behind a destination that is about to hang (which no one can tell before it does).
 *
 * <p>The reply recorded for a delivered message names the mail server that took it and the TLS
 * protocol of the session ("none" and why, when there was none), which the email's timeline shows.
 */
public final class DirectDelivery implements DeliveryTransport {
    /** How long a message waits when its destination has no free worker. */
    static final Duration BUSY_WAIT = Duration.ofSeconds(1);

    private final DirectTransport direct;
    private final EnvelopeSenders senders;
    private final DestinationSlots slots;
    private final int perDestination;
    private final Clock clock;

    public DirectDelivery(DirectTransport direct, EnvelopeSenders senders, int perDestination, Clock clock) {
        this.direct = direct;
        this.senders = senders;
        this.slots = new DestinationSlots(perDestination);
        this.perDestination = perDestination;
        this.clock = clock;
    }

    @Override
    public Sender sender() {
        return new Sender() {
            @Override
            public List<Instant> leave(List<Message> messages) {
                return DirectDelivery.this.leave(messages);
            }

            @Override
            public List<Attempt> send(List<Message> messages) {
                Attempt[] attempts = new Attempt[messages.size()];
                Map<String, List<List<Integer>>> destinations = new LinkedHashMap<>();
                for (List<Integer> group : groups(messages)) {
                    destinations
                            .computeIfAbsent(messages.get(group.get(0)).domain(), d -> new ArrayList<>())
                            .add(group);
                }
                boolean sent = false;
                for (Map.Entry<String, List<List<Integer>>> destination : destinations.entrySet()) {
                    sent |= sendTo(destination.getKey(), destination.getValue(), messages, attempts, sent);
                }
                return Arrays.asList(attempts);
            }

            @Override
            public void close() {
                // sessions belong to the transport's pools, shared by every worker
            }
        };
    }

    /**
     * One destination per lease: the first that is neither backed off nor full. The others' messages
     * go back at once (another worker takes them), a backed-off destination's until its backoff
     * ends, a full one's for a moment.
     */
    private List<Instant> leave(List<Message> messages) {
        Instant now = clock.instant();
        String chosen = null;
        List<Instant> left = new ArrayList<>(messages.size());
        for (Message message : messages) {
            String domain = message.domain();
            Optional<Instant> backedOff = direct.backedOffUntil(domain);
            if (message.mime() == null || domain.equals(chosen)) {
                left.add(null);
            } else if (backedOff.isPresent()) {
                left.add(backedOff.get());
            } else if (chosen != null) {
                left.add(now);
            } else if (slots.busy(domain) >= perDestination) {
                left.add(now.plus(BUSY_WAIT));
            } else {
                chosen = domain;
                left.add(null);
            }
        }
        return left;
    }

    /** Messages that may share one transaction: one email, one domain, the same bytes and sender. */
    private List<List<Integer>> groups(List<Message> messages) {
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            List<Integer> joined = null;
            if (!senders.perRecipient()) {
                for (List<Integer> group : groups) {
                    Message first = messages.get(group.get(0));
                    if (first.emailId().equals(message.emailId())
                            && first.domain().equals(message.domain())
                            && first.envelopeFrom().equals(message.envelopeFrom())
                            && Arrays.equals(first.mime(), message.mime())) {
                        joined = group;
                        break;
                    }
                }
            }
            if (joined == null) {
                joined = new ArrayList<>();
                groups.add(joined);
            }
            joined.add(i);
        }
        return groups;
    }

    /** Whether it sent: not when the destination is backed off or full, or another was sent to. */
    private boolean sendTo(
            String domain, List<List<Integer>> groups, List<Message> messages, Attempt[] attempts, boolean sentOne) {
        Optional<Instant> backedOff = direct.backedOffUntil(domain);
        if (backedOff.isPresent()) {
            hold(groups, attempts, backedOff.get());
            return false;
        }
        if (sentOne) {
            hold(groups, attempts, clock.instant()); // for another worker, now
            return false;
        }
        if (!slots.tryTake(domain)) {
            hold(groups, attempts, clock.instant().plus(BUSY_WAIT));
            return false;
        }
        try {
            for (List<Integer> group : groups) {
                sendGroup(messages, group, attempts);
            }
        } finally {
            slots.give(domain);
        }
        return true;
    }

    private static void hold(List<List<Integer>> groups, Attempt[] attempts, Instant until) {
        groups.forEach(group -> group.forEach(i -> attempts[i] = Attempt.held(until)));
    }

    private void sendGroup(List<Message> messages, List<Integer> group, Attempt[] attempts) {
        Message first = messages.get(group.get(0));
        List<String> recipients =
                group.stream().map(i -> messages.get(i).recipient()).toList();
        Map<String, DirectOutcome> outcomes = direct.send(senders.of(first), recipients, first.mime());
        for (int i : group) {
            DirectOutcome outcome = outcomes.get(messages.get(i).recipient());
            attempts[i] = outcome == null
                    ? Attempt.replied(new SmtpReply(0, "no outcome for this recipient"))
                    : attempt(outcome);
        }
    }

    static Attempt attempt(DirectOutcome outcome) {
        if (outcome instanceof DirectOutcome.Delivered delivered) {
            return Attempt.replied(
                    new SmtpReply(delivered.reply().code(), delivered.reply().text() + " " + timeline(delivered)));
        }
        if (outcome instanceof DirectOutcome.Deferred deferred) {
            return new Attempt(deferred.reply(), deferred.until());
        }
        return Attempt.replied(outcome.reply());
    }

    private static String tls(DirectOutcome.Delivered delivered) {
        if (!"none".equals(delivered.tls())) {
            return delivered.tls();
        }
        // a TLS failure before a plaintext delivery is among the notes
        return delivered.notes().isEmpty() ? "no TLS: the server offered no STARTTLS" : "no TLS";
    }

    /** "(by mx1.example.com [192.0.2.1], TLSv1.3)", with what was tried first and what MTA-STS noted. */
    private static String timeline(DirectOutcome.Delivered delivered) {
        StringBuilder text = new StringBuilder("(by ")
                .append(delivered.host())
                .append(" [")
                .append(delivered.address().getHostAddress())
                .append("], ")
                .append(tls(delivered));
        if (!delivered.notes().isEmpty()) {
            text.append("; ").append(String.join("; ", delivered.notes()));
        }
        return text.append(')').toString();
    }
}
