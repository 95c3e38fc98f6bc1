package dev.myprofile.securityinfo.codes;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * SECURITY.md's one-time codes: 6 digits from {@code SecureRandom}, valid 10 minutes, 5 tries, kept
 * only as a keyed hash (HMAC-SHA-256 with a key from configuration, over the user, the kind, the
 * destination and the code, so a hash is worth nothing for another user or number, nor without the
 * key). Destinations are keyed the same way where a rate limit needs to name one.
 */
public final class OneTimeCodes {
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    public static final int MAX_ATTEMPTS = 5;
    /** The shortest key accepted: 32 bytes, HMAC-SHA-256's own size. */
    private static final int MIN_KEY_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final byte[] key;

    public OneTimeCodes(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("The verification code key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = bytes;
    }

    public String newCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    public String hash(String user, String kind, String destination, String code) {
        return mac("code\n" + user + "\n" + kind + "\n" + destination + "\n" + code);
    }

    /** The destination as a rate-limit key: no phone number or address is stored in the clear for it. */
    public String destinationKey(String destination) {
        return mac("destination\n" + destination);
    }

    public static boolean matches(String expectedHash, String actualHash) {
        return MessageDigest.isEqual(expectedHash.getBytes(StandardCharsets.US_ASCII), actualHash.getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
