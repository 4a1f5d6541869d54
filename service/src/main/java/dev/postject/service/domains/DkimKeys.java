package dev.postject.service.domains;

import dev.postject.service.platform.crypto.RsaSignatures;
import dev.postject.service.platform.crypto.SecretBox;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The domains' DKIM private keys: generated here (RSA 2048), kept in {@code domain_keys}
 * sealed by the {@link SecretBox} (bound to the domain id), never
 * written to an event, a log or a response.
 */
public final class DkimKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final SecretBox box;
    private final Map<String, PrivateKey> decrypted = new ConcurrentHashMap<>();

    public DkimKeys(Jdbi jdbi, SecretBox box) {
        this.jdbi = jdbi;
        this.box = box;
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as DNS publishes it: base64 of its X.509 encoding. */
    public static String publicKeyText(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    /** Stores the private key (in the caller's transaction). */
    public void store(String domainId, String accountId, PrivateKey key, Instant at) {
        byte[] encrypted = box.seal(key.getEncoded(), domainId);
        jdbi.useHandle(h -> h.execute(
                "INSERT INTO domain_keys (domain_id, account_id, encrypted_key, created_at) VALUES (?, ?, ?, ?)",
                domainId,
                accountId,
                encrypted,
                at));
    }

    public void delete(String domainId) {
        decrypted.remove(domainId);
        jdbi.useHandle(h -> h.execute("DELETE FROM domain_keys WHERE domain_id = ?", domainId));
    }

    public Optional<PrivateKey> find(String domainId) {
        PrivateKey cached = decrypted.get(domainId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<byte[]> stored =
                jdbi.withHandle(h -> h.createQuery("SELECT encrypted_key FROM domain_keys WHERE domain_id = :id")
                        .bind("id", domainId)
                        .mapTo(byte[].class)
                        .findOne());
        return stored.map(bytes -> {
            PrivateKey key = RsaSignatures.privateKey(box.open(bytes, domainId));
            decrypted.put(domainId, key);
            return key;
        });
    }
}
