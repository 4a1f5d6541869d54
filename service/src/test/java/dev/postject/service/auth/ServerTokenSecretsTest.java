package dev.postject.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.platform.text.SecretFormat;
import org.junit.jupiter.api.Test;

class ServerTokenSecretsTest {

    @Test
    void issuedToken_hasTheApiKeyShapeWithItsOwnPrefix_andOnlyItsHashAndHintAreKept() {
        SecretFormat.Issued issued = ServerTokenSecrets.issue();
        String token = issued.plaintext();

        assertThat(token).matches("pt_srv_[0-9A-Za-z]{38}");
        assertThat(ServerTokenSecrets.FORMAT.isWellFormed(token)).isTrue();
        assertThat(issued.hash()).isEqualTo(SecretFormat.hash(token)).hasSize(64);
        assertThat(issued.hint()).isEqualTo("pt_srv_" + token.substring(7, 11) + "..." + token.substring(41));
        assertThat(issued.toString()).doesNotContain(token);
    }

    @Test
    void aTokenIsNoApiKey_andAnApiKeyNoToken() {
        String token = ServerTokenSecrets.issue().plaintext();
        String key = ApiKeys.issue().plaintext();

        assertThat(ApiKeys.isWellFormed(token)).isFalse();
        assertThat(ServerTokenSecrets.FORMAT.isWellFormed(key)).isFalse();
    }

    @Test
    void tokenWithOneCharacterChanged_failsTheChecksum() {
        char[] chars = ServerTokenSecrets.issue().plaintext().toCharArray();
        chars[10] = chars[10] == 'a' ? 'b' : 'a';

        assertThat(ServerTokenSecrets.FORMAT.isWellFormed(new String(chars))).isFalse();
    }
}
