package dev.postject.service.resources.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.events.AccountId;
import dev.postject.events.EmailQueued;
import dev.postject.service.auth.Caller;
import dev.postject.service.platform.errors.BodyRefusals;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.resources.api.ResendAnswers;
import dev.postject.service.resources.api.ResendEmail;
import dev.postject.service.sending.EmailAcceptance;
import dev.postject.service.sending.EmailRequest;
import dev.postject.service.sending.IdempotentRequests;
import dev.postject.service.sending.OneRefused;
import dev.postject.service.sending.SendingScope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Resend's send endpoints, so that Resend's SDKs work with only their base URL changed:
 * {@code POST /emails} and {@code POST /emails/batch} with {@code Authorization: Bearer <Postject
 * API key>}, and {@code Idempotency-Key} as Resend takes it (Postject's own, kept 24 hours). A thin
 * translation onto the one send path ({@link EmailAcceptance}): the same rules, the same ledger
 * ({@code EmailQueued} with source {@value EmailQueued#RESEND}), the same webhooks; refusals in
 * Resend's terms ({@link Resend}, {@link DialectErrors}).
 */
@Path("/" + ResendResource.PATH)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class ResendResource {
    static final String PATH = "emails";
    static final int MAX_BATCH = 100;
    private static final String PERMISSIVE = "permissive";

    private final EmailAcceptance sending;
    private final IdempotentRequests idempotency;
    private final Senders senders;
    private final ObjectMapper json;

    public ResendResource(EmailAcceptance sending, IdempotentRequests idempotency, Senders senders, ObjectMapper json) {
        this.sending = sending;
        this.idempotency = idempotency;
        this.senders = senders;
        this.json = json;
    }

    /** 200 with {@code {"id"}} once the email is committed. */
    @POST
    public Response send(
            @HeaderParam(HttpHeaders.AUTHORIZATION) List<String> authorization,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            JsonNode body,
            @Context ContainerRequestContext context) {
        Caller caller = senders.bearer(authorization);
        senders.countSends(context, caller, 1);
        AccountId account = caller.account();
        EmailRequest request = Resend.toEmailRequest(read(body));
        return idempotent(account, idempotencyKey, body, () -> {
            EmailAcceptance.Result result = sending.acceptAll(
                            account, caller.sendingScope(), List.of(request), EmailQueued.RESEND)
                    .get(0);
            if (result instanceof EmailAcceptance.Refused refused) {
                throw refused.refusal();
            }
            return new ResendAnswers.Sent(((EmailAcceptance.Accepted) result).id());
        });
    }

    /**
     * Up to 100 emails, as Resend takes them. With {@code x-batch-validation: strict} (Resend's
     * default) all are queued or none, and the first refusal is the answer; with {@code permissive}
     * each is judged on its own, {@code data} lists the accepted and {@code errors} the refused by
     * their index.
     */
    @POST
    @Path("/batch")
    public Response batch(
            @HeaderParam(HttpHeaders.AUTHORIZATION) List<String> authorization,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("x-batch-validation") String validation,
            JsonNode body,
            @Context ContainerRequestContext context) {
        Caller caller = senders.bearer(authorization);
        AccountId account = caller.account();
        boolean permissive =
                validation != null && validation.toLowerCase(Locale.ROOT).equals(PERMISSIVE);
        if (body == null || !body.isArray() || body.isEmpty()) {
            throw new Refusal.Invalid(
                    "invalid_body", "The request body must be a JSON array of 1 to " + MAX_BATCH + " emails.", null);
        }
        if (body.size() > MAX_BATCH) {
            throw new Refusal.Invalid("batch_too_large", "A batch holds at most " + MAX_BATCH + " emails.", null);
        }
        senders.countSends(context, caller, body.size());
        List<ResendAnswers.ItemError> errors = new ArrayList<>();
        List<EmailRequest> requests = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            try {
                requests.add(Resend.toEmailRequest(read(body.get(i))));
                positions.add(i);
            } catch (Refusal refused) {
                if (!permissive) {
                    throw itemRefusal(i, refused);
                }
                errors.add(new ResendAnswers.ItemError(i, Resend.error(refused).message()));
            }
        }
        return idempotent(
                account,
                idempotencyKey,
                body,
                () -> permissive
                        ? permissive(account, caller.sendingScope(), requests, positions, errors)
                        : strict(account, caller.sendingScope(), requests));
    }

    private ResendAnswers.Batch strict(AccountId account, SendingScope scope, List<EmailRequest> requests) {
        try {
            return new ResendAnswers.Batch(
                    sending.acceptEvery(account, scope, requests, EmailQueued.RESEND).stream()
                            .map(accepted -> new ResendAnswers.Sent(accepted.id()))
                            .toList(),
                    null);
        } catch (OneRefused refused) {
            throw itemRefusal(refused.index(), refused.refusal());
        }
    }

    private ResendAnswers.Batch permissive(
            AccountId account,
            SendingScope scope,
            List<EmailRequest> requests,
            List<Integer> positions,
            List<ResendAnswers.ItemError> errors) {
        List<ResendAnswers.Sent> data = new ArrayList<>();
        List<ResendAnswers.ItemError> all = new ArrayList<>(errors);
        List<EmailAcceptance.Result> results = sending.acceptAll(account, scope, requests, EmailQueued.RESEND);
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof EmailAcceptance.Accepted accepted) {
                data.add(new ResendAnswers.Sent(accepted.id()));
            } else {
                Refusal refusal = ((EmailAcceptance.Refused) results.get(i)).refusal();
                all.add(new ResendAnswers.ItemError(
                        positions.get(i), Resend.error(refusal).message()));
            }
        }
        all.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new ResendAnswers.Batch(data, all);
    }

    /** One email's refusal as the whole batch's answer, its position named. */
    private static Refusal itemRefusal(int index, Refusal refusal) {
        ItemRefusal positioned = new ItemRefusal(index, refusal, Resend.FIELDS);
        if (refusal instanceof Refusal.RateLimited limited) {
            // keeps Retry-After
            return new Refusal.RateLimited(limited.code(), positioned.getMessage(), limited.retryAfterSeconds());
        }
        return positioned;
    }

    private <T> Response idempotent(AccountId account, String key, JsonNode body, Supplier<T> work) {
        if (key == null) {
            return Response.ok(work.get(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        IdempotentRequests.Answer answer = idempotency.run(account, key, "resend " + body, () -> {
            try {
                return new IdempotentRequests.Answer(200, json.writeValueAsString(work.get()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        return Response.status(answer.status())
                .entity(answer.body())
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    private ResendEmail read(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw new Refusal.Invalid("invalid_body", "Each email must be a JSON object.", null);
        }
        try {
            return json.treeToValue(item, ResendEmail.class);
        } catch (JsonProcessingException e) {
            throw BodyRefusals.of(e);
        }
    }
}
