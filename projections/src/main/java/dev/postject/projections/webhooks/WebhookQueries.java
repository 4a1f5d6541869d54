package dev.postject.projections.webhooks;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(WebhookView.class)
public interface WebhookQueries {
    String COLUMNS = "webhook_id, account_id, url, event_types, enabled, created_at, updated_at";

    @SqlQuery("SELECT " + COLUMNS + " FROM rm_webhooks WHERE account_id = :accountId ORDER BY created_at, webhook_id")
    List<WebhookView> list(@Bind("accountId") String accountId);

    @SqlQuery("SELECT " + COLUMNS + " FROM rm_webhooks WHERE account_id = :accountId AND webhook_id = :id")
    Optional<WebhookView> find(@Bind("accountId") String accountId, @Bind("id") String webhookId);
}
