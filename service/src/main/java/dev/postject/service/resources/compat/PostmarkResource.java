package dev.postject.service.resources.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.events.EmailQueued;
import dev.postject.service.auth.Caller;
import dev.postject.service.platform.errors.BodyRefusals;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.resources.api.PostmarkAnswer;
import dev.postject.service.resources.api.PostmarkEmail;
import dev.postject.service.sending.EmailAcceptance;
import dev.postject.service.sending.EmailRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * Postmark's send endpoints, so that Postmark's client libraries work with only their host changed:
 * {@code POST /email} and {@code POST /email/batch} with {@code X-Postmark-Server-Token: <Postject
 * server token>}. A thin translation onto the one send path ({@link EmailAcceptance}): the same
 * rules, the same ledger ({@code EmailQueued} with source {@value EmailQueued#POSTMARK}), the same
 * webhooks; refusals in Postmark's terms ({@link Postmark}, {@link DialectErrors}).
 */
@Path("/" + PostmarkResource.PATH)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class PostmarkResource {
    static final String PATH = "email";
    static final int MAX_BATCH = 500;
    private static final String TOKEN_HEADER = "X-Postmark-Server-Token";

    private final EmailAcceptance sending;
    private final Senders senders;
    private final ObjectMapper json;

    public PostmarkResource(EmailAcceptance sending, Senders senders, ObjectMapper json) {
        this.sending = sending;
        this.senders = senders;
        this.json = json;
    }

    /** 200 with {@code {"To","SubmittedAt","MessageID","ErrorCode":0,"Message":"OK"}} once committed. */
    @POST
    public PostmarkAnswer send(
            @HeaderParam(TOKEN_HEADER) String token, JsonNode body, @Context ContainerRequestContext request) {
        Caller caller = senders.serverToken(token);
        senders.countSends(request, caller, 1);
        PostmarkEmail email = read(body);
        EmailAcceptance.Accepted accepted = acceptedOrThrow(sending.acceptAll(
                        caller.account(),
                        caller.sendingScope(),
                        List.of(Postmark.toEmailRequest(email)),
                        EmailQueued.POSTMARK)
                .get(0));
        return PostmarkAnswer.accepted(email.to(), accepted.createdAt().toString(), accepted.id());
    }

    /**
     * Up to 500 emails, each accepted or refused on its own: 200 with one answer per email, in
     * order, as Postmark gives them. A paused account's batch is refused whole.
     */
    @POST
    @Path("/batch")
    public List<PostmarkAnswer> batch(
            @HeaderParam(TOKEN_HEADER) String token, JsonNode body, @Context ContainerRequestContext request) {
        Caller caller = senders.serverToken(token);
        if (body == null || !body.isArray()) {
            throw new Refusal.Invalid("invalid_body", "The request body must be a JSON array of emails.", null);
        }
        if (body.size() > MAX_BATCH) {
            throw new Refusal.Invalid("batch_too_large", "A batch holds at most " + MAX_BATCH + " emails.", null);
        }
        senders.countSends(request, caller, body.size());
        List<PostmarkAnswer> answers = new ArrayList<>();
        List<PostmarkEmail> readable = new ArrayList<>();
        List<EmailRequest> requests = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (JsonNode item : body) {
            try {
                PostmarkEmail email = read(item);
                requests.add(Postmark.toEmailRequest(email));
                readable.add(email);
                positions.add(answers.size());
                answers.add(null);
            } catch (Refusal refused) {
                answers.add(Postmark.answer(refused));
            }
        }
        List<EmailAcceptance.Result> results =
                sending.acceptAll(caller.account(), caller.sendingScope(), requests, EmailQueued.POSTMARK);
        for (int i = 0; i < results.size(); i++) {
            answers.set(positions.get(i), answer(readable.get(i), results.get(i)));
        }
        return answers;
    }

    private static PostmarkAnswer answer(PostmarkEmail email, EmailAcceptance.Result result) {
        if (result instanceof EmailAcceptance.Accepted accepted) {
            return PostmarkAnswer.accepted(email.to(), accepted.createdAt().toString(), accepted.id());
        }
        return Postmark.answer(((EmailAcceptance.Refused) result).refusal());
    }

    private static EmailAcceptance.Accepted acceptedOrThrow(EmailAcceptance.Result result) {
        if (result instanceof EmailAcceptance.Refused refused) {
            throw refused.refusal();
        }
        return (EmailAcceptance.Accepted) result;
    }

    private PostmarkEmail read(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw new Refusal.Invalid("invalid_body", "Each email must be a JSON object.", null);
        }
        try {
            return json.treeToValue(item, PostmarkEmail.class);
        } catch (JsonProcessingException e) {
            throw BodyRefusals.of(e);
        }
    }
}
