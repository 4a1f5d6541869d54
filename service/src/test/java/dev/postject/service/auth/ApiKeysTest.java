package dev.postject.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.platform.text.SecretFormat;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void issuedKey_isWellFormed_andOnlyItsHashAndHintAreKept() {
        SecretFormat.Issued issued = ApiKeys.issue();

        assertThat(issued.plaintext())
                .startsWith("pt_live_")
                .hasSize(ApiKeys.LENGTH)
                .matches("pt_live_[0-9A-Za-z]+");
        assertThat(ApiKeys.isWellFormed(issued.plaintext())).isTrue();
        assertThat(issued.hash()).isEqualTo(ApiKeys.hash(issued.plaintext())).hasSize(64);
        assertThat(issued.hint())
                .isEqualTo("pt_live_" + issued.plaintext().substring(8, 12) + "..."
                        + issued.plaintext().substring(ApiKeys.LENGTH - 4));
        assertThat(issued.toString()).doesNotContain(issued.plaintext()).doesNotContain(issued.hash());
    }

    @Test
    void issuedKeys_areDistinct() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(ApiKeys.issue().plaintext());
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void keyWithOneCharacterChanged_failsTheChecksum() {
        String key = ApiKeys.issue().plaintext();
        char[] chars = key.toCharArray();
        chars[12] = chars[12] == 'a' ? 'b' : 'a';

        assertThat(ApiKeys.isWellFormed(new String(chars))).isFalse();
    }

    @Test
    void malformedKeys_areRefused() {
        String key = ApiKeys.issue().plaintext();
        assertThat(ApiKeys.isWellFormed(null)).isFalse();
        assertThat(ApiKeys.isWellFormed("")).isFalse();
        assertThat(ApiKeys.isWellFormed("pt_test_" + key.substring(8))).isFalse();
        assertThat(ApiKeys.isWellFormed(key + "x")).isFalse();
        assertThat(ApiKeys.isWellFormed(key.substring(0, key.length() - 1))).isFalse();
        assertThat(ApiKeys.isWellFormed(key.substring(0, 20) + "!" + key.substring(21)))
                .isFalse();
    }
}
