package dev.postject.service.mail.returnpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postject.service.platform.text.Ids;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** VERP Return-Paths: what they name, that they survive a change of case, and that forgeries do not parse. */
class ReturnPathsTest {
    private static final byte[] KEY =
            "a return-path key of at least 32 bytes, for tests".getBytes(StandardCharsets.UTF_8);
    private final ReturnPaths paths = new ReturnPaths(KEY, "Bounces.Postject.test");

    @Test
    void aReturnPathNamesItsEmailAndRecipientAndFitsALocalPart() {
        String emailId = Ids.newId("msg_");
        String address = paths.address(emailId, "Bob@Example.com");

        assertThat(address).matches("bounces\\+[a-z2-7]{56}@bounces\\.postject\\.test");
        assertThat(address.substring(0, address.indexOf('@'))).hasSizeLessThanOrEqualTo(64);
        ReturnPaths.Token token = paths.parse(address).orElseThrow();
        assertThat(token.emailId()).isEqualTo(emailId);
        assertThat(paths.names(token, "bob@example.com")).isTrue();
        assertThat(paths.names(token, "alice@example.com")).isFalse();
        assertThat(paths.recipientOf(token, List.of("alice@example.com", "Bob@Example.com", "carol@example.com")))
                .contains("Bob@Example.com");
    }

    @Test
    void emailIdsOfEveryShapeComeBackWhole() {
        for (String id : List.of(
                "msg_000000000000000000000000", "msg_zzzzzzzzzzzzzzzzzzzzzzzz", "msg_0000000000000000000000zZ")) {
            assertThat(paths.parse(paths.address(id, "a@b.test")).orElseThrow().emailId())
                    .isEqualTo(id);
        }
    }

    @Test
    void anUpperCasedOrBracketedReturnPathStillParses() {
        String emailId = Ids.newId("msg_");
        String address = paths.address(emailId, "bob@example.com");

        assertThat(paths.parse(address.toUpperCase(Locale.ROOT)))
                .hasValueSatisfying(t -> assertThat(t.emailId()).isEqualTo(emailId));
        assertThat(paths.parse("<" + address + ">")).isPresent();
    }

    @Test
    void anAlteredTokenIsRefused() {
        String address = paths.address(Ids.newId("msg_"), "bob@example.com");
        int at = address.indexOf('@');
        for (int i = ReturnPaths.PREFIX.length(); i < at; i++) {
            char c = address.charAt(i);
            String altered = address.substring(0, i) + (c == 'a' ? 'b' : 'a') + address.substring(i + 1);
            assertThat(paths.parse(altered)).as("changed at %d: %s", i, altered).isEmpty();
        }
    }

    @Test
    void aTokenMadeWithAnotherKeyOrForAnotherDomainIsRefused() {
        ReturnPaths other = new ReturnPaths(
                "another key of at least thirty-two bytes long....".getBytes(StandardCharsets.UTF_8),
                "bounces.postject.test");
        String forged = other.address(Ids.newId("msg_"), "bob@example.com");
        String ours = paths.address(Ids.newId("msg_"), "bob@example.com");

        assertThat(paths.parse(forged)).isEmpty();
        assertThat(paths.parse(ours.replace("@bounces.postject.test", "@elsewhere.test")))
                .isEmpty();
        assertThat(paths.parse("bounces+" + "a".repeat(56) + "@bounces.postject.test"))
                .isEmpty();
        assertThat(paths.parse("bounces+not-base32@bounces.postject.test")).isEmpty();
        assertThat(paths.parse("someone@bounces.postject.test")).isEmpty();
        assertThat(paths.parse(null)).isEmpty();
    }

    @Test
    void aRecipientTheTokenDoesNotNameIsNoneOfTheEmails() {
        ReturnPaths.Token token =
                paths.parse(paths.address(Ids.newId("msg_"), "bob@example.com")).orElseThrow();

        assertThat(paths.recipientOf(token, List.of("alice@example.com", "carol@example.com")))
                .isEmpty();
    }

    @Test
    void onlyPostjectEmailIdsAndLongEnoughKeysAreTaken() {
        assertThatThrownBy(() -> paths.address("msg_short", "bob@example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReturnPaths(new byte[16], "bounces.postject.test"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
