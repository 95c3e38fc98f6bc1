package dev.myprofile.shared.auth;

import java.text.ParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * A text claim of the bearer token the pipeline has already validated, for the few handlers that need
 * one the {@link Caller} does not carry (Cognito's {@code username}, the pool's own name for the user in
 * its admin operations). Read with the layer's Jackson ({@link JsonObjects}), as the validator reads
 * the claims, so this path loads no second JSON library. Nothing is checked here: call it only after
 * the pipeline has accepted the token.
 */
public final class BearerClaims {
    private BearerClaims() {}

    /** The claim {@code name} of the {@code Authorization: Bearer} token, when it is a non-blank text. */
    public static Optional<String> text(Optional<String> authorization, String name) {
        String header = authorization.orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String[] parts = header.substring(7).strip().split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JsonObjects.string(JsonObjects.parse(Base64.getUrlDecoder().decode(parts[1])), name))
                    .filter(value -> !value.isBlank());
        } catch (ParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
