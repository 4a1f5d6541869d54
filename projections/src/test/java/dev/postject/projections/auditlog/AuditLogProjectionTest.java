package dev.postject.projections.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.AccountEvent;
import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyId;
import dev.postject.events.ApiKeyRevoked;
import dev.postject.events.EventJson;
import dev.postject.events.SandboxEmailAdded;
import dev.postject.events.SandboxEmailRemoved;
import dev.postject.projections.testing.ReadModelDatabase;
import dev.postject.projections.testing.TestLedger;
import java.time.Instant;
import java.util.Map;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuditLogProjectionTest {
    @RegisterExtension
    static final ReadModelDatabase DATABASE = new ReadModelDatabase();

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_a");
    private final Jdbi jdbi = DATABASE.jdbi();
    private final AuditLogProjection projection = new AuditLogProjection(jdbi, EventJson.newMapper());
    private final AuditLogQueries queries = jdbi.onDemand(AuditLogQueries.class);

    private void record(long position, AccountEvent event, Map<String, String> metadata) {
        projection.on(
                event,
                GenericEventMessage.asEventMessage(event).andMetaData(metadata),
                new GlobalSequenceTrackingToken(position));
    }

    private static ApiKeyCreated created(String key) {
        return new ApiKeyCreated(
                ACCOUNT,
                new ApiKeyId(key),
                "ci",
                "secret-hash-" + key,
                "pt_live_AbCd...wXyZ",
                T0,
                null,
                ApiKeyCreated.FULL_ACCESS,
                null,
                null);
    }

    @Test
    void entry_showsTypeActorRequestAndData_butNeverARedactedField() {
        record(
                7,
                created("key_1"),
                Map.of(
                        Actor.TYPE_KEY,
                        "user",
                        Actor.ID_KEY,
                        "usr_1",
                        Actor.REQUEST_ID_KEY,
                        "req_1",
                        Actor.CLIENT_IP_KEY,
                        "10.0.0.1"));

        AuditEntryView entry = queries.ascending("acct_a", null, -1, 10).get(0);
        assertThat(entry.position()).isEqualTo(7);
        assertThat(entry.type()).isEqualTo("ApiKeyCreated");
        assertThat(entry.actorType()).isEqualTo("user");
        assertThat(entry.actorId()).isEqualTo("usr_1");
        assertThat(entry.requestId()).isEqualTo("req_1");
        assertThat(entry.clientIp()).isEqualTo("10.0.0.1");
        assertThat(entry.data()).contains("\"keyId\": \"key_1\"").contains("pt_live_AbCd...wXyZ");
        assertThat(entry.data()).doesNotContain("keyHash").doesNotContain("secret-hash");
    }

    @Test
    void entryWithoutActor_isAttributedToTheSystem() {
        record(1, new ApiKeyRevoked(ACCOUNT, new ApiKeyId("key_1"), T0), Map.of());

        AuditEntryView entry = queries.ascending("acct_a", null, -1, 10).get(0);
        assertThat(entry.actorType()).isEqualTo("system");
        assertThat(entry.actorId()).isEqualTo("system");
    }

    @Test
    void sameLedgerPosition_twice_isOneEntry() {
        record(3, created("key_1"), Map.of());
        record(3, created("key_1"), Map.of());

        assertThat(queries.ascending("acct_a", null, -1, 10)).hasSize(1);
    }

    @Test
    void pages_followLedgerOrder_eitherWay_andFilterByType() {
        record(1, created("key_1"), Map.of());
        record(2, new ApiKeyRevoked(ACCOUNT, new ApiKeyId("key_1"), T0), Map.of());
        record(3, created("key_2"), Map.of());
        record(4, new ApiKeyRevoked(new AccountId("acct_other"), new ApiKeyId("key_9"), T0), Map.of());

        assertThat(queries.ascending("acct_a", null, -1, 2))
                .extracting(AuditEntryView::position)
                .containsExactly(1L, 2L);
        assertThat(queries.ascending("acct_a", null, 2, 2))
                .extracting(AuditEntryView::position)
                .containsExactly(3L);
        assertThat(queries.descending("acct_a", null, Long.MAX_VALUE, 2))
                .extracting(AuditEntryView::position)
                .containsExactly(3L, 2L);
        assertThat(queries.descending("acct_a", null, 2, 10))
                .extracting(AuditEntryView::position)
                .containsExactly(1L);
        assertThat(queries.ascending("acct_a", "ApiKeyRevoked", -1, 10))
                .extracting(AuditEntryView::position)
                .containsExactly(2L);
    }

    @Test
    void reset_emptiesTheLog_forAReplay() {
        record(1, created("key_1"), Map.of());

        projection.reset();

        assertThat(queries.ascending("acct_a", null, -1, 10)).isEmpty();
    }

    @Test
    void replaysOfItsEvents_leaveTheTablesAsTheyAre() {
        TestLedger ledger = TestLedger.streaming(jdbi, projection);
        ledger.append(
                created("key_1"),
                new SandboxEmailAdded(ACCOUNT, "ann@x.test", T0),
                new ApiKeyRevoked(ACCOUNT, new ApiKeyId("key_1"), T0.plusSeconds(5)),
                new SandboxEmailRemoved(new AccountId("acct_b"), "bob@x.test", T0.plusSeconds(6)));

        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }
}
