package dev.postject.service.mail.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS certificate and key, as an {@link SSLContext} for {@link SmtpServer}: loaded from
 * PEM files (a certificate chain, and a PKCS#8, PKCS#1 RSA or SEC 1 EC private key), or, when none is
 * configured, a self-signed certificate generated once into a directory and reused on later starts.
 * Servers restrict the context to TLS 1.2 and 1.3.
 */
public final class TlsIdentity {
    /** Names of the generated files in the directory given to {@link #selfSigned}. */
    public static final String CERTIFICATE_FILE = "cert.pem";

    public static final String KEY_FILE = "key.pem";
    /** Held while the self-signed certificate is read or generated. */
    static final String LOCK_FILE = ".lock";

    private static final Object GENERATING = new Object();

    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final List<X509Certificate> chain;
    private final SSLContext sslContext;
    private final boolean generated;

    private TlsIdentity(List<X509Certificate> chain, PrivateKey key, boolean generated) {
        this.chain = List.copyOf(chain);
        this.generated = generated;
        requireMatch(chain.get(0), key);
        this.sslContext = context(chain, key);
    }

    /** The certificate chain and key in these PEM files; throws, naming the file, when either is unusable. */
    public static TlsIdentity load(Path certificateChain, Path privateKey) {
        return new TlsIdentity(PemFiles.certificates(certificateChain), PemFiles.privateKey(privateKey), false);
    }

    /**
     * The configured files when both are given; neither: the self-signed certificate in
     * {@code directory} (see {@link #selfSigned}); only one of them is a configuration error.
     */
    public static TlsIdentity configuredOrSelfSigned(
            Path certificateChain, Path privateKey, Path directory, String hostname, Clock clock) {
        if (certificateChain != null && privateKey != null) {
            return load(certificateChain, privateKey);
        }
        if (certificateChain != null || privateKey != null) {
            throw new IllegalArgumentException("a TLS certificate needs both its certificate file and its key file");
        }
        return selfSigned(directory, hostname, clock);
    }

    /**
     * The self-signed certificate in {@code directory} ({@value #CERTIFICATE_FILE}, {@value #KEY_FILE},
     * the key readable by its owner only), generated when absent: ECDSA P-256, CN {@code hostname},
     * subject alternative names {@code hostname} and {@code localhost}, valid ten years. Generated again
     * when it expires within 30 days or no longer names {@code hostname}.
     */
    public static TlsIdentity selfSigned(Path directory, String hostname, Clock clock) {
        // nodes sharing a data directory may start at the same moment: one generates, the others
        // read what it wrote (a lock in this JVM, and a file lock across processes)
        synchronized (GENERATING) {
            try {
                if (!Files.isDirectory(directory)) {
                    Files.createDirectories(
                            directory,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                try (FileChannel channel = FileChannel.open(
                                directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock held = channel.lock()) {
                    return readOrGenerate(directory, hostname, clock);
                }
            } catch (UnsupportedOperationException e) {
                throw new IllegalStateException(
                        "cannot keep a private key safely in " + directory + " (no POSIX permissions)");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the self-signed TLS certificate into " + directory, e);
            }
        }
    }

    private static TlsIdentity readOrGenerate(Path directory, String hostname, Clock clock) throws IOException {
        Path certFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(KEY_FILE);
        if (Files.isRegularFile(certFile) && Files.isRegularFile(keyFile)) {
            List<X509Certificate> chain = PemFiles.certificates(certFile);
            X509Certificate cert = chain.get(0);
            boolean fresh =
                    cert.getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE));
            if (fresh && subjectNames(cert).contains(hostname.toLowerCase(Locale.ROOT))) {
                return new TlsIdentity(chain, PemFiles.privateKey(keyFile), true);
            }
        }
        SelfSignedCertificate generated = SelfSignedCertificate.generate(hostname, clock, new SecureRandom());
        PemFiles.write(keyFile, PemFiles.pem(generated.key()), true);
        PemFiles.write(certFile, PemFiles.pem(generated.certificate()), false);
        return new TlsIdentity(List.of(generated.certificate()), generated.key(), true);
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    /** The server's certificate first, then the rest of its chain. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** Whether this is the self-signed certificate Postject generated (not one configured). */
    public boolean generated() {
        return generated;
    }

    public Instant expiresAt() {
        return chain.get(0).getNotAfter().toInstant();
    }

    /** SHA-256 of the server's certificate, as {@code openssl x509 -fingerprint -sha256} shows it ({@code AB:CD:...}). */
    public String sha256Fingerprint() {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(chain.get(0).getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate in PEM, e.g. for a client to trust. */
    public String certificatePem() {
        return PemFiles.pem(chain.get(0));
    }

    /** The certificate's subject alternative names: DNS names (lower case) and IP addresses. */
    static List<String> subjectNames(X509Certificate cert) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            return names == null
                    ? List.of()
                    : names.stream()
                            .filter(n -> Objects.equals(n.get(0), 2) || Objects.equals(n.get(0), 7))
                            .map(n -> ((String) n.get(1)).toLowerCase(Locale.ROOT))
                            .toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static void requireMatch(X509Certificate cert, PrivateKey key) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        byte[] probe = "postject-tls-identity".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's, or one the JDK cannot use
        }
        throw new IllegalArgumentException("the TLS private key does not belong to the certificate "
                + cert.getSubjectX500Principal().getName());
    }

    private static SSLContext context(List<X509Certificate> chain, PrivateKey key) {
        try {
            char[] password = HexFormat.of()
                    .formatHex(new SecureRandom().generateSeed(16))
                    .toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate and key: " + e.getMessage(), e);
        }
    }
}
