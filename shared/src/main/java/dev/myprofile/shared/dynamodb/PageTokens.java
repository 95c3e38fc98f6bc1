package dev.myprofile.shared.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The continuation tokens of paged lists: an opaque, URL-safe form of the place a page ended. A
 * token only names a place inside the caller's own partition (the partition always comes from the
 * caller), so a forged one can reach no one else's items; one that does not decode is an
 * {@link InvalidContinuation}.
 */
public final class PageTokens {
    private static final int MAX_LENGTH = 1024;

    private PageTokens() {}

    public static String encode(String place) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(place.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String token) {
        if (token.length() > MAX_LENGTH * 2) {
            throw new InvalidContinuation();
        }
        try {
            String place = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (place.length() > MAX_LENGTH) {
                throw new InvalidContinuation();
            }
            return place;
        } catch (IllegalArgumentException e) {
            throw new InvalidContinuation();
        }
    }
}
