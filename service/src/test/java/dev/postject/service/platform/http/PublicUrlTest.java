package dev.postject.service.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PublicUrlTest {
    @Test
    void absoluteHttpAndHttpsUrls_withAHost_areValid_asIsEmpty() {
        assertThat(PublicUrl.isValid("")).isTrue();
        assertThat(PublicUrl.isValid("http://localhost:28080")).isTrue();
        assertThat(PublicUrl.isValid("https://mail.example.com")).isTrue();
        assertThat(PublicUrl.isValid("HTTPS://mail.example.com/postject/")).isTrue();
    }

    @Test
    void anythingElse_isNotValid() {
        assertThat(PublicUrl.isValid("notaurl")).isFalse();
        assertThat(PublicUrl.isValid("mail.example.com")).isFalse();
        assertThat(PublicUrl.isValid("/v1")).isFalse();
        assertThat(PublicUrl.isValid("ftp://mail.example.com")).isFalse();
        assertThat(PublicUrl.isValid("https://mail.example.com/?a=1")).isFalse();
        assertThat(PublicUrl.isValid("https://mail.example.com/?")).isFalse();
        assertThat(PublicUrl.isValid("https://mail.example.com/#top")).isFalse();
        assertThat(PublicUrl.isValid("https://user:secret@mail.example.com")).isFalse();
        assertThat(PublicUrl.isValid("https://")).isFalse();
        assertThat(PublicUrl.isValid("http://exa mple.com")).isFalse();
    }

    @Test
    void aConfiguredUrl_isUsedWithoutItsTrailingSlash() {
        assertThat(new PublicUrl("https://mail.example.com/postject/").get())
                .isEqualTo("https://mail.example.com/postject");
    }

    @Test
    void anUnsetUrl_beforeTheServerHasStarted_isNotGuessed() {
        assertThatThrownBy(() -> new PublicUrl("").get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theHost_isKnownBeforeTheServerHasStarted_fromTheUrlOrTheApiBindAddress() {
        assertThat(new PublicUrl("https://mail.example.com/postject/").host()).isEqualTo("mail.example.com");
        assertThat(new PublicUrl("", null).host()).isEqualTo("localhost");
        assertThat(new PublicUrl("", "192.0.2.7").host()).isEqualTo("192.0.2.7");
    }
}
