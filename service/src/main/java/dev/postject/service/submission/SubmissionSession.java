package dev.postject.service.submission;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.events.AccountId;
import dev.postject.service.auth.Caller;
import dev.postject.service.auth.CallerLimits;
import dev.postject.service.auth.SmtpCredentials;
import dev.postject.service.mail.server.AuthResult;
import dev.postject.service.mail.server.ClientInfo;
import dev.postject.service.mail.server.Credentials;
import dev.postject.service.mail.server.Envelope;
import dev.postject.service.mail.server.MailAddress;
import dev.postject.service.mail.server.MailParameters;
import dev.postject.service.mail.server.SessionInfo;
import dev.postject.service.mail.server.SmtpHandler;
import dev.postject.service.mail.server.SmtpReply;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.platform.limits.QuotaStanding;
import dev.postject.service.platform.text.Addresses;
import dev.postject.service.platform.text.Ids;
import dev.postject.service.sending.EmailAcceptance;
import dev.postject.service.sending.IdempotentRequests;
import dev.postject.service.sending.SendingPolicy;
import dev.postject.service.sending.SendingScope;
import dev.postject.service.sending.SubmittedMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One SMTP submission session: a thin translation onto the one send path. Who sends is the
 * credential the session authenticated with (checked again at every MAIL FROM, so a revoked one
 * stops the next message), or the one a client's network is allowed to send as; each step asks the
 * send rules ({@link EmailAcceptance}) and answers in SMTP's terms; the whole message is accepted by
 * the same path as {@code POST /v1/emails}, and {@code 250} comes only once it is committed.
 */
final class SubmissionSession implements SmtpHandler<Caller> {
    static final SmtpReply REVOKED = new SmtpReply(
            535,
            "5.7.8",
            "Authentication credentials invalid: the credential this session authenticated with was revoked or"
                    + " has expired; authenticate again in a new session");

    private final SmtpCredentials credentials;
    private final CallerLimits limits;
    private final EmailAcceptance sending;
    private final IdempotentRequests idempotency;
    private final ObjectMapper json;
    private Caller caller;
    private String envelopeFrom;

    SubmissionSession(
            SmtpCredentials credentials,
            CallerLimits limits,
            EmailAcceptance sending,
            IdempotentRequests idempotency,
            ObjectMapper json) {
        this.credentials = credentials;
        this.limits = limits;
        this.sending = sending;
        this.idempotency = idempotency;
        this.json = json;
    }

    @Override
    public AuthResult<Caller> authenticate(ClientInfo client, Credentials given) {
        return credentials
                .byPassword(given.password())
                .map(AuthResult::accepted)
                .orElseGet(AuthResult::refused);
    }

    @Override
    public SmtpReply mailFrom(SessionInfo<Caller> session, MailAddress from, MailParameters parameters) {
        Optional<Caller> sender;
        if (session.principal().isPresent()) {
            if (!credentials.stillActive(session.principal().get())) {
                return REVOKED;
            }
            sender = session.principal();
        } else {
            sender = credentials.byClientAddress(session.client().address());
            if (sender.isEmpty()) {
                return SmtpReply.AUTHENTICATION_REQUIRED;
            }
        }
        if (from.isNullSender()) {
            return new SmtpReply(550, "5.7.1", "Postject sends no message with the null sender <>");
        }
        String address = from.toString();
        if (!address.matches(Addresses.PATTERN)) {
            return new SmtpReply(553, "5.1.7", "Postject cannot send from <" + address + ">");
        }
        Optional<Refusal> refused =
                sending.checkSender(sender.get().account(), sender.get().sendingScope(), address);
        if (refused.isPresent()) {
            return SmtpAnswers.of(refused.get());
        }
        // one message, one send: counted here, before its recipients and data are read
        Optional<QuotaStanding> overLimit = limits.take(limits.quotasOf(sender.get(), CallerLimits.Kind.SENDS), 1)
                .refusedBy();
        if (overLimit.isPresent()) {
            return SmtpAnswers.of(CallerLimits.refusal(overLimit.get()));
        }
        caller = sender.get();
        envelopeFrom = address;
        return SmtpReply.SENDER_OK;
    }

    @Override
    public SmtpReply rcptTo(SessionInfo<Caller> session, MailAddress to) {
        String address = to.toString();
        if (!address.matches(Addresses.PATTERN)) {
            return new SmtpReply(553, "5.1.3", "Postject cannot send to <" + address + ">");
        }
        SendingPolicy.RecipientVerdict verdict = sending.checkRecipient(caller.account(), address);
        if (!verdict.allowed()) {
            return new SmtpReply(
                    550,
                    "5.7.1",
                    "<" + address + "> refused (" + verdict.refusal().code() + "): in sandbox mode every recipient"
                            + " must be a confirmed sandbox address of the account");
        }
        if (verdict.suppressed()) {
            return new SmtpReply(
                    550,
                    "5.1.1",
                    "<" + address + "> refused (recipient_suppressed): on the account's suppression list");
        }
        return SmtpReply.RECIPIENT_OK;
    }

    @Override
    public SmtpReply data(Envelope<Caller> envelope, byte[] message) {
        Caller sender = caller;
        try {
            SubmittedMessage submitted = SubmittedMessage.parse(
                    envelopeFrom,
                    envelope.recipients().stream().map(MailAddress::toString).toList(),
                    message);
            String clientIp = envelope.session().client().address().getHostAddress();
            String id = RequestContext.runAs(
                    sender.actor(),
                    Ids.newRequestId(),
                    clientIp,
                    () -> accept(sender.account(), sender.sendingScope(), submitted, message));
            return new SmtpReply(250, "2.0.0", "OK queued as " + id);
        } catch (Refusal refused) {
            return SmtpAnswers.of(refused);
        }
    }

    /** Accepts the message (at most once per idempotency key) and answers its email id, once committed. */
    private String accept(AccountId account, SendingScope scope, SubmittedMessage message, byte[] raw) {
        String key = message.idempotencyKey();
        if (key == null) {
            return sending.acceptSubmission(account, scope, message).id();
        }
        String request = "smtp\n" + new String(raw, StandardCharsets.ISO_8859_1);
        IdempotentRequests.Answer answer = idempotency.run(account, key, request, () -> {
            EmailAcceptance.Accepted accepted = sending.acceptSubmission(account, scope, message);
            Map<String, String> body = new LinkedHashMap<>();
            body.put("id", accepted.id());
            body.put("status", "queued");
            body.put("createdAt", accepted.createdAt().toString());
            try {
                return new IdempotentRequests.Answer(202, json.writeValueAsString(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return json.readTree(answer.body()).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void reset() {
        caller = null;
        envelopeFrom = null;
    }
}
