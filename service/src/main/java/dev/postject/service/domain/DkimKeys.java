package dev.postject.service.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * The domains' DKIM private keys: generated here (RSA 2048), kept in {@code domain_keys}
 * encrypted with AES-256-GCM under the node's encryption key (bound to the domain id), never
 * written to an event, a log or a response.
 */
public final class DkimKeys {
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final SecretKeySpec encryptionKey;
    private final Map<String, PrivateKey> decrypted = new ConcurrentHashMap<>();

    /** {@code secret}: the configured or generated encryption secret (any length; hashed to 256 bits). */
    public DkimKeys(Jdbi jdbi, byte[] secret) {
        this.jdbi = jdbi;
        try {
            this.encryptionKey =
                    new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(secret), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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
        byte[] encrypted = encrypt(key.getEncoded(), domainId);
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
            PrivateKey key = decode(decrypt(bytes, domainId));
            decrypted.put(domainId, key);
            return key;
        });
    }

    private byte[] encrypt(byte[] plain, String domainId) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(domainId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt the DKIM key", e);
        }
    }

    private byte[] decrypt(byte[] stored, String domainId) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(128, stored, 0, NONCE_BYTES));
            cipher.updateAAD(domainId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Cannot decrypt the DKIM key of " + domainId
                            + ": is POSTJECT_ENCRYPTION_KEY the one it was made with?",
                    e);
        }
    }

    private static PrivateKey decode(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
