package dev.postject.projections.emails;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

public interface EmailQueries {
    String COLUMNS =
            "email_id, account_id, sender, recipients::text AS recipients, subject, tag, status, system, source,"
                    + " created_at";

    /** Emails sent by this actor only; an unset sender filter ({@code ANYONE}) matches every email. */
    String SENT_BY =
            " AND (cast(:sentById AS TEXT) IS NULL OR (sent_by_type = :sentByType AND sent_by_id = :sentById))";

    /** No sender filter. */
    String ANYONE = null;

    default Optional<EmailView> find(String accountId, String emailId) {
        return find(accountId, emailId, ANYONE, ANYONE);
    }

    /** The email, if {@code sentById} (of type {@code sentByType}, an actor's wire name) sent it; any sender when null. */
    @SqlQuery("SELECT " + COLUMNS + " FROM rm_emails WHERE account_id = :accountId AND email_id = :id AND NOT system"
            + SENT_BY)
    @RegisterConstructorMapper(EmailView.class)
    Optional<EmailView> find(
            @Bind("accountId") String accountId,
            @Bind("id") String emailId,
            @Bind("sentByType") String sentByType,
            @Bind("sentById") String sentById);

    @SqlQuery("SELECT type, recipient, at, detail FROM rm_email_events WHERE email_id = :id ORDER BY at, seq")
    @RegisterConstructorMapper(EmailEventView.class)
    List<EmailEventView> events(@Bind("id") String emailId);

    /** The recipients of these emails (one row per address), by email and address. */
    @SqlQuery("SELECT email_id, recipient, status, bounce_type, bounce_subtype, bounce_status, bounce_response,"
            + " bounce_asynchronous, bounced_at, complaint_type, complained_at FROM rm_email_recipients"
            + " WHERE email_id IN (<ids>) ORDER BY email_id, recipient")
    @RegisterConstructorMapper(EmailRecipientView.class)
    List<EmailRecipientView> recipients(@BindList("ids") Collection<String> emailIds);

    default List<EmailView> page(
            String accountId, String status, String tag, String to, String beforeEmailId, int limit) {
        return page(accountId, status, tag, to, beforeEmailId, limit, ANYONE, ANYONE);
    }

    /**
     * Newest first, before the email {@code before} (null: from the newest), optionally filtered,
     * and only those {@code sentById} sent when it is given.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM rm_emails e WHERE account_id = :accountId AND NOT system" + SENT_BY
            + " AND (cast(:status AS TEXT) IS NULL OR status = :status)"
            + " AND (cast(:tag AS TEXT) IS NULL OR tag = :tag)"
            + " AND (cast(:to AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM rm_email_recipients r"
            + "      WHERE r.email_id = e.email_id AND lower(r.recipient) = lower(:to)))"
            + " AND (cast(:before AS TEXT) IS NULL OR (created_at, email_id) <"
            + "      (SELECT created_at, email_id FROM rm_emails WHERE email_id = :before))"
            + " ORDER BY created_at DESC, email_id DESC LIMIT :limit")
    @RegisterConstructorMapper(EmailView.class)
    List<EmailView> page(
            @Bind("accountId") String accountId,
            @Bind("status") String status,
            @Bind("tag") String tag,
            @Bind("to") String to,
            @Bind("before") String beforeEmailId,
            @Bind("limit") int limit,
            @Bind("sentByType") String sentByType,
            @Bind("sentById") String sentById);

    /**
     * How many emails (not Postject's own) the account queued since {@code since}, counting no
     * further than {@code atMost}: enough to test a limit without scanning the whole window.
     */
    @SqlQuery("SELECT count(*) FROM (SELECT 1 FROM rm_emails WHERE account_id = :accountId AND NOT system"
            + " AND created_at > :since LIMIT :atMost) recent")
    int countSince(@Bind("accountId") String accountId, @Bind("since") Instant since, @Bind("atMost") int atMost);

    @SqlQuery("SELECT min(created_at) FROM (SELECT created_at FROM rm_emails WHERE account_id = :accountId"
            + " AND NOT system AND created_at > :since ORDER BY created_at LIMIT 1) oldest")
    Optional<Instant> oldestSince(@Bind("accountId") String accountId, @Bind("since") Instant since);
}
