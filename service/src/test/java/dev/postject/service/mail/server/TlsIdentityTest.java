package dev.postject.service.mail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Certificates from PEM files, and the self-signed one generated once. */
class TlsIdentityTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void nodesStartingAtOnceOnOneDataDirectory_allGetTheOneCertificateGeneratedThere() throws Exception {
        int nodes = 8;
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(nodes);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<TlsIdentity>> starts = new java.util.ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            starts.add(threads.submit(() -> {
                go.await();
                return TlsIdentity.selfSigned(dir.resolve("tls"), "smtp.example.com", clock);
            }));
        }
        go.countDown();
        java.util.Set<String> fingerprints = new java.util.HashSet<>();
        for (java.util.concurrent.Future<TlsIdentity> start : starts) {
            fingerprints.add(start.get().sha256Fingerprint());
        }
        threads.shutdown();

        assertThat(fingerprints).hasSize(1);
        assertThat(TlsIdentity.selfSigned(dir.resolve("tls"), "smtp.example.com", clock)
                        .sha256Fingerprint())
                .as("the files hold that certificate")
                .isIn(fingerprints);
    }

    @Test
    void withNothingConfiguredASelfSignedCertificateIsGeneratedOnceAndReused() throws IOException {
        TlsIdentity first =
                TlsIdentity.configuredOrSelfSigned(null, null, dir.resolve("tls"), "smtp.example.com", clock);
        TlsIdentity again =
                TlsIdentity.configuredOrSelfSigned(null, null, dir.resolve("tls"), "smtp.example.com", clock);

        assertThat(first.generated()).isTrue();
        assertThat(again.sha256Fingerprint()).isEqualTo(first.sha256Fingerprint());
        Path key = dir.resolve("tls/key.pem");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls"))))
                .isEqualTo("rwx------");
        assertThat(Files.readString(dir.resolve("tls/cert.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void theGeneratedCertificateIsEcdsaP256ForTheHostAndLocalhostForTenYears() throws Exception {
        X509Certificate cert =
                TlsIdentity.selfSigned(dir, "smtp.example.com", clock).chain().get(0);

        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(((ECPublicKey) cert.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=smtp.example.com");
        assertThat(TlsIdentity.subjectNames(cert)).containsExactly("smtp.example.com", "localhost");
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
        assertThat(cert.getNotBefore().toInstant()).isBefore(NOW);
        cert.verify(cert.getPublicKey());
    }

    @Test
    void theFingerprintIsTheSha256OfTheCertificate() throws Exception {
        TlsIdentity identity = TlsIdentity.selfSigned(dir, "smtp.example.com", clock);
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(identity.chain().get(0).getEncoded());
        assertThat(identity.sha256Fingerprint())
                .isEqualTo(HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest))
                .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void theSelfSignedCertificateIsMadeAgainNearItsExpiryOrForAnotherHostName() {
        String original = TlsIdentity.selfSigned(dir, "smtp.example.com", clock).sha256Fingerprint();
        Clock nineYearsLater = Clock.offset(clock, Duration.ofDays(3300));
        assertThat(TlsIdentity.selfSigned(dir, "smtp.example.com", nineYearsLater)
                        .sha256Fingerprint())
                .isEqualTo(original);
        Clock nearExpiry = Clock.offset(clock, Duration.ofDays(3640));
        String renewed =
                TlsIdentity.selfSigned(dir, "smtp.example.com", nearExpiry).sha256Fingerprint();
        assertThat(renewed).isNotEqualTo(original);
        assertThat(TlsIdentity.selfSigned(dir, "mail.example.net", nearExpiry).sha256Fingerprint())
                .isNotEqualTo(renewed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA-PKCS8", "RSA-PKCS1", "EC-PKCS8", "EC-SEC1", "EC-SEC1-without-public-key"})
    void configuredPemFilesServeTls(String format) throws Exception {
        KeyPair pair = keyPair(format.startsWith("RSA") ? "RSA" : "EC");
        X509Certificate cert = certificate(pair, "localhost");
        Path certFile = write("cert.pem", cert);
        Path keyFile = write(
                "key.pem",
                switch (format) {
                    case "RSA-PKCS1" -> pair.getPrivate();
                    case "EC-SEC1" -> sec1(pair, true);
                    case "EC-SEC1-without-public-key" -> sec1(pair, false);
                    default -> new JcaPKCS8Generator(pair.getPrivate(), null);
                });
        assertThat(Files.readString(keyFile))
                .startsWith(
                        switch (format) {
                            case "RSA-PKCS1" -> "-----BEGIN RSA PRIVATE KEY-----";
                            case "EC-SEC1", "EC-SEC1-without-public-key" -> "-----BEGIN EC PRIVATE KEY-----";
                            default -> "-----BEGIN PRIVATE KEY-----";
                        });

        TlsIdentity identity =
                TlsIdentity.configuredOrSelfSigned(certFile, keyFile, dir.resolve("unused"), "localhost", clock);
        assertThat(identity.generated()).isFalse();
        assertThat(Files.exists(dir.resolve("unused"))).isFalse();

        RecordingHandler handler = new RecordingHandler();
        try (SmtpServer server = TestServers.start(
                        TestServers.settings().mode(SmtpServerSettings.Mode.IMPLICIT_TLS),
                        identity.sslContext(),
                        handler);
                RawSmtp client = RawSmtp.connectTls(server.port(), TestServers.trusting(cert))) {
            assertThat(client.reply()).startsWith("220 ");
            assertThat(client.tlsProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void aChainFileKeepsItsIntermediates() throws Exception {
        KeyPair leaf = keyPair("EC");
        KeyPair issuer = keyPair("EC");
        X509Certificate intermediate = certificate(issuer, "intermediate.example");
        Path certFile =
                write("chain.pem", certificate(leaf, "localhost", issuer, "intermediate.example"), intermediate);
        Path keyFile = write("key.pem", sec1(leaf, true));
        assertThat(TlsIdentity.load(certFile, keyFile).chain())
                .hasSize(2)
                .last()
                .isEqualTo(intermediate);
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        Path certFile = write("cert.pem", certificate(keyPair("EC"), "localhost"));
        Path keyFile = write("key.pem", new JcaPKCS8Generator(keyPair("EC").getPrivate(), null));
        assertThatThrownBy(() -> TlsIdentity.load(certFile, keyFile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void anEncryptedKeyIsRefusedWithAnExplanation() throws Exception {
        KeyPair pair = keyPair("RSA");
        Path certFile = write("cert.pem", certificate(pair, "localhost"));
        Path keyFile = write(
                "key.pem",
                new JcaPKCS8Generator(
                        pair.getPrivate(),
                        new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                                .setProvider(new BouncyCastleProvider())
                                .setPassword("secret".toCharArray())
                                .build()));
        assertThatThrownBy(() -> TlsIdentity.load(certFile, keyFile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is encrypted");
    }

    @Test
    void missingOrEmptyFilesAndHalfAConfigurationAreRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> TlsIdentity.load(missing, empty)).hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> TlsIdentity.load(empty, empty)).hasMessageContaining("holds no PEM certificate");
        assertThatThrownBy(() -> TlsIdentity.configuredOrSelfSigned(empty, null, dir, "localhost", clock))
                .hasMessageContaining("needs both");
    }

    /** The SEC 1 "EC PRIVATE KEY" form OpenSSL writes: the curve inside, the public key optional. */
    private static PemObject sec1(KeyPair pair, boolean withPublicKey) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
        BigInteger secret = ((ECPrivateKey) pair.getPrivate()).getS();
        org.bouncycastle.asn1.sec.ECPrivateKey key = withPublicKey
                ? new org.bouncycastle.asn1.sec.ECPrivateKey(
                        256,
                        secret,
                        SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded())
                                .getPublicKeyData(),
                        curve)
                : new org.bouncycastle.asn1.sec.ECPrivateKey(256, secret, curve);
        try {
            return new PemObject("EC PRIVATE KEY", key.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(algorithm.equals("RSA") ? 2048 : 256);
        return generator.generateKeyPair();
    }

    private X509Certificate certificate(KeyPair pair, String host) throws Exception {
        return certificate(pair, host, pair, host);
    }

    private X509Certificate certificate(KeyPair pair, String host, KeyPair issuer, String issuerHost) throws Exception {
        X500Name name = new X500Name("CN=" + host);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name("CN=" + issuerHost),
                BigInteger.valueOf(new SecureRandom().nextInt(1 << 30)),
                Date.from(Instant.now().minus(Duration.ofDays(1))),
                Date.from(Instant.now().plus(Duration.ofDays(30))),
                name,
                pair.getPublic());
        builder.addExtension(
                Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
        String algorithm = issuer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuer.getPrivate())));
    }

    private Path write(String file, Object... objects) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        }
        return Files.writeString(dir.resolve(file), out.toString());
    }
}
