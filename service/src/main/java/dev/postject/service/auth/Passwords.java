package dev.postject.service.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashes with OWASP's parameters (19 MiB, 2 iterations, 1 lane). Verification
 * of an unknown user still costs one hash, so response time does not tell which emails exist.
 */
public final class Passwords {
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
    private static final String DUMMY_HASH = hash("postject-dummy-password");

    private Passwords() {}

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public static boolean matches(String password, String hash) {
        return Password.check(password, hash).with(ARGON2ID);
    }

    /** Spends the time of one verification, for a user that does not exist. */
    public static void burnOneVerification(String password) {
        matches(password, DUMMY_HASH);
    }
}
