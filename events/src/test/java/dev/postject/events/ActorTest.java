package dev.postject.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The actor's wire names are stored in every event's metadata: they may be added to, never changed. */
class ActorTest {
    @Test
    void everyActorType_keepsTheWireNameStoredInTheLedger() {
        assertThat(Arrays.stream(Actor.Type.values()).map(Actor.Type::wireName))
                .containsExactly("user", "api_key", "server_token", "admin", "system");
    }

    @Test
    void aServerTokenActor_isReadBackFromEventMetadata() {
        Actor actor = Actor.fromMetadata(Map.of(Actor.TYPE_KEY, "server_token", Actor.ID_KEY, "stk_1"));

        assertThat(actor).isEqualTo(new Actor(Actor.Type.SERVER_TOKEN, "stk_1"));
    }
}
