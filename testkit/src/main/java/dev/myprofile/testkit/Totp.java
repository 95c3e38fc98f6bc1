package dev.myprofile.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app in a few lines (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), for the
 * tests and the local sign-in to answer the code an authenticator app would show. Never deployed:
 * Cognito checks the codes in production.
 */
public final class Totp {
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Totp() {}

    /** The code for {@code secret} (Base32, any case, padding and spaces ignored) at {@code at}. */
    public static String code(String secret, Instant at) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(base32(secret), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(at.getEpochSecond() / 30).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The code now, but never in the last 3 seconds of its 30-second step: a test that types or sends
     * it would otherwise see the checker's clock in the next step (moto's Cognito allows no drift),
     * so this waits for the next step first.
     */
    public static String freshCode(String secret) {
        long intoStep = Instant.now().getEpochSecond() % 30;
        if (intoStep >= 27) {
            try {
                Thread.sleep((30 - intoStep) * 1000 + 100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return code(secret, Instant.now());
    }

    static byte[] base32(String secret) {
        String clean = secret.toUpperCase(Locale.ROOT).replaceAll("[\\s=]", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not Base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
