package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.UserId;
import dev.postject.events.WebhookCreated;
import dev.postject.events.WebhookDeleted;
import dev.postject.events.WebhookDisabled;
import dev.postject.events.WebhookId;
import dev.postject.events.WebhookSecretRotated;
import dev.postject.events.WebhookUpdated;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Account aggregate's webhook endpoints. */
class WebhookEndpointsTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_1");
    private static final AccountOpened OPENED =
            new AccountOpened(ACCOUNT, "Acme", new UserId("usr_1"), "ops@acme.test", NOW.minusSeconds(3600));
    private static final WebhookId HOOK = new WebhookId("whk_1");
    private static final String URL = "https://hooks.acme.test/postject";
    private static final List<String> TYPES = List.of("email.delivered");
    private static final WebhookCreated CREATED = new WebhookCreated(ACCOUNT, HOOK, URL, TYPES, NOW.minusSeconds(60));

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Nested
    class CreateWebhookCommand {
        @Test
        void create_recordsTheEndpoint_withItsEventTypes() {
            fixture.given(OPENED)
                    .when(new WebhookCommands.Create(ACCOUNT, HOOK, URL, TYPES))
                    .expectEvents(new WebhookCreated(ACCOUNT, HOOK, URL, TYPES, NOW));
        }

        @Test
        void create_whenTenEndpointsExist_isRejected() {
            List<Object> history = new ArrayList<>(List.of(OPENED));
            for (int i = 1; i <= 10; i++) {
                history.add(new WebhookCreated(ACCOUNT, new WebhookId("whk_" + i), URL, TYPES, NOW));
            }
            fixture.given(history)
                    .when(new WebhookCommands.Create(ACCOUNT, new WebhookId("whk_11"), URL, TYPES))
                    .expectException(Refusal.Conflict.class)
                    .expectExceptionMessage("An account may have at most 10 webhook endpoints.")
                    .expectNoEvents();
        }

        @Test
        void create_afterOneOfTenWasDeleted_isAccepted() {
            List<Object> history = new ArrayList<>(List.of(OPENED));
            for (int i = 1; i <= 10; i++) {
                history.add(new WebhookCreated(ACCOUNT, new WebhookId("whk_" + i), URL, TYPES, NOW));
            }
            history.add(new WebhookDeleted(ACCOUNT, new WebhookId("whk_4"), NOW));
            fixture.given(history)
                    .when(new WebhookCommands.Create(ACCOUNT, new WebhookId("whk_11"), URL, TYPES))
                    .expectSuccessfulHandlerExecution();
        }
    }

    @Nested
    class UpdateWebhookCommand {
        @Test
        void update_keepsWhatItLeavesOut() {
            fixture.given(OPENED, CREATED)
                    .when(new WebhookCommands.Update(ACCOUNT, HOOK, null, List.of("email.bounced"), null))
                    .expectEvents(new WebhookUpdated(ACCOUNT, HOOK, URL, List.of("email.bounced"), true, NOW));
        }

        @Test
        void update_canDisableAndEnableAgain_andMoveTheUrl() {
            fixture.given(OPENED, CREATED, new WebhookUpdated(ACCOUNT, HOOK, URL, TYPES, false, NOW))
                    .when(new WebhookCommands.Update(ACCOUNT, HOOK, "https://new.acme.test/h", null, true))
                    .expectEvents(new WebhookUpdated(ACCOUNT, HOOK, "https://new.acme.test/h", TYPES, true, NOW));
        }

        @Test
        void update_ofAnUnknownEndpoint_isRejected() {
            fixture.given(OPENED)
                    .when(new WebhookCommands.Update(ACCOUNT, HOOK, URL, null, null))
                    .expectException(Refusal.NotFound.class)
                    .expectExceptionMessage("No webhook endpoint with this id.")
                    .expectNoEvents();
        }
    }

    @Nested
    class RotateSecretCommand {
        @Test
        void rotate_recordsThatTheSecretChanged() {
            fixture.given(OPENED, CREATED)
                    .when(new WebhookCommands.RotateSecret(ACCOUNT, HOOK))
                    .expectEvents(new WebhookSecretRotated(ACCOUNT, HOOK, NOW));
        }

        @Test
        void rotate_ofADeletedEndpoint_isRejected() {
            fixture.given(OPENED, CREATED, new WebhookDeleted(ACCOUNT, HOOK, NOW))
                    .when(new WebhookCommands.RotateSecret(ACCOUNT, HOOK))
                    .expectException(Refusal.NotFound.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class DeleteWebhookCommand {
        @Test
        void delete_recordsTheDeletion() {
            fixture.given(OPENED, CREATED)
                    .when(new WebhookCommands.Delete(ACCOUNT, HOOK))
                    .expectEvents(new WebhookDeleted(ACCOUNT, HOOK, NOW));
        }

        @Test
        void delete_twice_isRejected() {
            fixture.given(OPENED, CREATED, new WebhookDeleted(ACCOUNT, HOOK, NOW))
                    .when(new WebhookCommands.Delete(ACCOUNT, HOOK))
                    .expectException(Refusal.NotFound.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class DisableWebhookCommand {
        @Test
        void disable_ofAnEnabledEndpoint_recordsWhy() {
            fixture.given(OPENED, CREATED)
                    .when(new WebhookCommands.Disable(ACCOUNT, HOOK, "The endpoint answered 410 Gone."))
                    .expectEvents(new WebhookDisabled(ACCOUNT, HOOK, "The endpoint answered 410 Gone.", NOW));
        }

        @Test
        void disable_ofAnEndpointAlreadyDisabled_changesNothing() {
            fixture.given(OPENED, CREATED, new WebhookDisabled(ACCOUNT, HOOK, "410", NOW))
                    .when(new WebhookCommands.Disable(ACCOUNT, HOOK, "410 again"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void disable_ofADeletedEndpoint_changesNothing() {
            fixture.given(OPENED, CREATED, new WebhookDeleted(ACCOUNT, HOOK, NOW))
                    .when(new WebhookCommands.Disable(ACCOUNT, HOOK, "410"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }
}
