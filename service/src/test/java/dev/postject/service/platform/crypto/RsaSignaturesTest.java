package dev.postject.service.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RsaSignaturesTest {
    private static final byte[] DATA =
            "from:Ada <ada@example.com>\r\nsubject:Hello\r\n".getBytes(StandardCharsets.UTF_8);
    private static KeyPair pair;

    @BeforeAll
    static void key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
        generator.initialize(2048);
        pair = generator.generateKeyPair();
    }

    @Test
    void onLinuxX86_64_awsLcSigns() {
        boolean linuxX86 = System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64");
        assertThat(RsaSignatures.providerName()).isEqualTo(linuxX86 ? "AmazonCorrettoCryptoProvider" : "JDK");
        PrivateKey key = RsaSignatures.privateKey(pair.getPrivate().getEncoded());
        assertThat(key.getClass().getName()).startsWith(linuxX86 ? "com.amazon.corretto" : "sun.security");
    }

    @Test
    void theSignatureIsTheJdksOwn_byteForByte_andTheJdkVerifiesIt() throws Exception {
        byte[] signed =
                RsaSignatures.sign(RsaSignatures.privateKey(pair.getPrivate().getEncoded()), DATA);

        Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        jdk.initSign(pair.getPrivate());
        jdk.update(DATA);
        assertThat(signed).isEqualTo(jdk.sign()); // PKCS#1 v1.5 is deterministic

        Signature verifier = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        verifier.initVerify(pair.getPublic());
        verifier.update(DATA);
        assertThat(verifier.verify(signed)).isTrue();
        verifier.initVerify(pair.getPublic());
        verifier.update("subject:Hello!".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(signed)).isFalse();
    }

    @Test
    void aKeyOfAnotherProvider_signsTheSame() {
        byte[] fromStored =
                RsaSignatures.sign(RsaSignatures.privateKey(pair.getPrivate().getEncoded()), DATA);
        assertThat(RsaSignatures.sign(pair.getPrivate(), DATA)).isEqualTo(fromStored);
    }
}
