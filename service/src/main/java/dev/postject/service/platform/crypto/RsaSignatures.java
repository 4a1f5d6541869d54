package dev.postject.service.platform.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RSA-SHA256 signatures (DKIM's, one per email sent from a verified domain) through AWS-LC, by the
 * Amazon Corretto Crypto Provider, where its native library loads and passes its self-tests
 * (Linux x86-64): about three times faster than the JDK's own RSA on the same key. Elsewhere, or
 * if it fails to load, the JDK's providers sign, as before. The provider is used for these
 * signatures only: it is not installed for the rest of the JVM (TLS, hashes, ciphers).
 */
public final class RsaSignatures {
    private static final Logger LOG = LoggerFactory.getLogger(RsaSignatures.class);
    private static final String ALGORITHM = "SHA256withRSA";
    private static final Optional<Provider> NATIVE = load();

    private RsaSignatures() {}

    /** The provider that signs: AWS-LC's where it loaded, else the JDK's. */
    public static String providerName() {
        return NATIVE.map(Provider::getName).orElse("JDK");
    }

    /**
     * A PKCS#8 RSA private key, held by the provider that signs with it (a key of another provider
     * would be converted at every signature).
     */
    public static PrivateKey privateKey(byte[] pkcs8) {
        try {
            KeyFactory factory =
                    NATIVE.isPresent() ? KeyFactory.getInstance("RSA", NATIVE.get()) : KeyFactory.getInstance("RSA");
            return factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an RSA private key", e);
        }
    }

    /** The RSASSA-PKCS1-v1_5 signature of SHA-256({@code data}). */
    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature signature = NATIVE.isPresent()
                    ? Signature.getInstance(ALGORITHM, NATIVE.get())
                    : Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with the RSA key", e);
        }
    }

    private static Optional<Provider> load() {
        try {
            AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable error = provider.getLoadingError();
            if (error != null) {
                LOG.info("RSA signatures by the JDK: AWS-LC's native library did not load ({})", error.toString());
                return Optional.empty();
            }
            provider.assertHealthy(); // its self-tests, RSA's among them
            LOG.info("RSA signatures by AWS-LC ({} {})", provider.getName(), provider.getVersionStr());
            return Optional.of(provider);
        } catch (RuntimeException | LinkageError e) {
            LOG.info("RSA signatures by the JDK: AWS-LC is not usable here ({})", e.toString());
            return Optional.empty();
        }
    }
}
