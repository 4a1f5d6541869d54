package dev.postject.service.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.events.EmailId;
import dev.postject.projections.emails.EmailQueries;
import dev.postject.projections.emails.EmailRecipientView;
import dev.postject.projections.emails.EmailView;
import dev.postject.service.auth.ApiRateLimits;
import dev.postject.service.auth.Caller;
import dev.postject.service.auth.Sends;
import dev.postject.service.auth.ServerTokenScope;
import dev.postject.service.platform.errors.BodyRefusals;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Addresses;
import dev.postject.service.resources.api.AcceptedEmailResponse;
import dev.postject.service.resources.api.BatchItemResponse;
import dev.postject.service.resources.api.Cursors;
import dev.postject.service.resources.api.EmailResponse;
import dev.postject.service.resources.api.Filters;
import dev.postject.service.resources.api.Page;
import dev.postject.service.resources.api.SendEmailRequest;
import dev.postject.service.sending.EmailAcceptance;
import dev.postject.service.sending.EmailRequest;
import dev.postject.service.sending.IdempotentRequests;
import io.dropwizard.auth.Auth;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

@Path("/v1/emails")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class EmailsResource {
    static final int MAX_BATCH = 500;

    private final EmailAcceptance sending;
    private final IdempotentRequests idempotency;
    private final EmailQueries emails;
    private final ObjectMapper json;
    private final Validator validator;

    public EmailsResource(
            EmailAcceptance sending,
            IdempotentRequests idempotency,
            EmailQueries emails,
            ObjectMapper json,
            Validator validator) {
        this.sending = sending;
        this.idempotency = idempotency;
        this.emails = emails;
        this.json = json;
        this.validator = validator;
    }

    /** 202 only once the email is committed; with {@code Idempotency-Key}, at most once per key. */
    @POST
    @ServerTokenScope
    @Sends
    public Response send(
            @Auth Caller caller,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @NotNull @Valid SendEmailRequest body)
            throws JsonProcessingException {
        AccountId account = caller.account();
        if (idempotencyKey == null) {
            return Response.accepted(accepted(caller, body)).build();
        }
        IdempotentRequests.Answer answer =
                idempotency.run(account, idempotencyKey, json.writeValueAsString(body), () -> {
                    try {
                        return new IdempotentRequests.Answer(202, json.writeValueAsString(accepted(caller, body)));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                });
        return Response.status(answer.status())
                .entity(answer.body())
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    private AcceptedEmailResponse accepted(Caller caller, SendEmailRequest body) {
        EmailAcceptance.Accepted accepted =
                sending.accept(caller.account(), caller.sendingScope(), body.toEmailRequest());
        return new AcceptedEmailResponse(accepted.id(), "queued", accepted.createdAt());
    }

    /**
     * Up to 500 emails; each is accepted or refused on its own, and the answer lists them in order.
     * An account whose sending is paused has the whole batch refused (403 {@code sending_paused}).
     */
    @POST
    @Path("/batch")
    @ServerTokenScope
    @Sends
    public Page<BatchItemResponse> batch(
            @Auth Caller caller, @Context ContainerRequestContext request, @NotNull List<JsonNode> items) {
        AccountId account = caller.account();
        if (items.isEmpty() || items.size() > MAX_BATCH) {
            throw new Refusal.Invalid("invalid_batch", "A batch holds 1 to " + MAX_BATCH + " emails.", "batch");
        }
        // each email counts, all or none: the request counted the first
        ApiRateLimits.countMore(request, items.size() - 1);
        List<BatchItemResponse> results = new ArrayList<>();
        List<EmailRequest> readable = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (JsonNode item : items) {
            try {
                readable.add(read(item).toEmailRequest());
                positions.add(results.size());
                results.add(null);
            } catch (Refusal e) {
                results.add(BatchItemResponse.refused(e));
            } catch (JsonProcessingException e) {
                results.add(BatchItemResponse.refused(BodyRefusals.of(e)));
            }
        }
        // asked even with no readable item: a paused account's batch is refused whole
        List<EmailAcceptance.Result> sent = sending.acceptAll(account, caller.sendingScope(), readable);
        for (int i = 0; i < sent.size(); i++) {
            results.set(positions.get(i), BatchItemResponse.of(sent.get(i)));
        }
        return Page.of(results);
    }

    private SendEmailRequest read(JsonNode item) throws JsonProcessingException {
        SendEmailRequest request = item.isObject() ? json.treeToValue(item, SendEmailRequest.class) : null;
        if (request == null) {
            throw new Refusal.Invalid("invalid_body", "Each batch item must be an email object.", null);
        }
        Set<ConstraintViolation<SendEmailRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw BodyRefusals.of(violations);
        }
        return request;
    }

    /** One email of the account; for a server token, only one it sent (another's is 404, as another account's). */
    @GET
    @Path("/{id}")
    @ServerTokenScope
    public EmailResponse get(@Auth Caller caller, @PathParam("id") String id) {
        Actor sender = caller.readsOnlyEmailsSentBy();
        EmailView view = emails.find(caller.account().value(), id, typeOf(sender), idOf(sender))
                .orElseThrow(() -> new Refusal.NotFound("email_not_found", "No email with this id."));
        return response(view, recipientsOf(List.of(view)), true);
    }

    /** Newest first; filters {@code status}, {@code tag}, {@code to}; cursor pages. A server token lists only its own. */
    @GET
    @ServerTokenScope
    public Page<EmailResponse> list(
            @Auth Caller caller,
            @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @QueryParam("status") String status,
            @QueryParam("tag") String tag,
            @QueryParam("to") String to) {
        int size = Cursors.limit(limit);
        String before = Cursors.decodeId(after, EmailId.PREFIX);
        String wanted = Filters.oneOf(status, "status", "invalid_status", EmailView.STATUSES);
        Actor sender = caller.readsOnlyEmailsSentBy();
        List<EmailView> rows = emails.page(
                caller.account().value(),
                wanted,
                blankToNull(tag),
                blankToNull(to),
                before,
                size + 1,
                typeOf(sender),
                idOf(sender));
        Map<String, List<EmailRecipientView>> recipients = recipientsOf(rows);
        return Page.of(rows, size, view -> response(view, recipients, false), view -> Cursors.encode(view.id()));
    }

    /** The recipients of these emails, by email id: one query for a whole page. */
    private Map<String, List<EmailRecipientView>> recipientsOf(List<EmailView> views) {
        if (views.isEmpty()) {
            return Map.of();
        }
        return emails.recipients(views.stream().map(EmailView::id).toList()).stream()
                .collect(Collectors.groupingBy(EmailRecipientView::emailId));
    }

    private EmailResponse response(
            EmailView view, Map<String, List<EmailRecipientView>> recipientsById, boolean withEvents) {
        JsonNode recipients;
        try {
            recipients = json.readTree(view.recipients());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<EmailResponse.Event> events = withEvents
                ? emails.events(view.id()).stream()
                        .map(e -> new EmailResponse.Event(e.type(), e.recipient(), e.at(), e.detail()))
                        .toList()
                : null;
        return new EmailResponse(
                view.id(),
                view.status(),
                view.sender(),
                strings(recipients.get("to")),
                strings(recipients.get("cc")),
                strings(recipients.get("bcc")),
                view.subject(),
                view.tag(),
                view.source(),
                view.createdAt(),
                recipients(recipients, recipientsById.getOrDefault(view.id(), List.of())),
                events);
    }

    /** Each address's state, in the order the email named them (to, cc, bcc). */
    private static List<EmailResponse.Recipient> recipients(JsonNode named, List<EmailRecipientView> rows) {
        List<String> order = new ArrayList<>();
        for (String list : List.of("to", "cc", "bcc")) {
            strings(named.get(list)).forEach(entry -> order.add(Addresses.key(entry)));
        }
        return rows.stream()
                .sorted(Comparator.comparingInt(row -> order.indexOf(Addresses.key(row.recipient()))))
                .map(EmailsResource::recipient)
                .toList();
    }

    private static EmailResponse.Recipient recipient(EmailRecipientView row) {
        EmailResponse.Bounce bounce = row.bounceType() == null
                ? null
                : new EmailResponse.Bounce(
                        row.bounceType(),
                        row.bounceSubtype(),
                        row.bounceStatus(),
                        row.bounceResponse(),
                        Boolean.TRUE.equals(row.bounceAsynchronous()),
                        row.bouncedAt());
        EmailResponse.Complaint complaint = row.complaintType() == null
                ? null
                : new EmailResponse.Complaint(row.complaintType(), row.complainedAt());
        return new EmailResponse.Recipient(row.recipient(), row.status(), bounce, complaint);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    private static String typeOf(Actor sender) {
        return sender == null ? EmailQueries.ANYONE : sender.type().wireName();
    }

    private static String idOf(Actor sender) {
        return sender == null ? EmailQueries.ANYONE : sender.id();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
