package dev.myprofile.profile.userinfo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.config.BoundedGet;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.config.SecureUrls;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.log.Log;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The issuer's OpenID Connect UserInfo endpoint ({@code USERINFO_URL}), asked with the caller's own
 * access token when a first request's token names neither the person nor their email (a Cognito
 * access token carries neither: they are in the ID token and behind {@code /oauth2/userInfo}), so a
 * new profile starts with the person's name and address rather than "User".
 *
 * <p>OpenID Connect Core 1.0, 5.3: a GET with the bearer token; the answer is trusted only when its
 * {@code sub} is the token's own (5.3.2), and an email or phone number only when the provider says it
 * is verified (where it says anything). Connect and read timeouts and a size limit keep a slow or
 * misbehaving provider from holding the request; any failure is logged and the profile is made from
 * the token alone, as before. Nothing here runs after the first request.
 */
public final class UserInfo {
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_BYTES = 64 * 1024;

    private final Optional<URI> endpoint;

    private UserInfo(Optional<URI> endpoint) {
        this.endpoint = endpoint;
    }

    /** {@code USERINFO_URL}, HTTPS (plain HTTP only to this machine); unset or empty: never asked. */
    public static UserInfo from(Config config) {
        return new UserInfo(config.get("USERINFO_URL").map(String::strip).filter(url -> !url.isEmpty())
                .map(url -> SecureUrls.require("USERINFO_URL", url)));
    }

    /**
     * The token's claims, completed from the UserInfo endpoint when they name neither the person nor
     * their email and the endpoint is configured; the token's own claims otherwise, or on any failure.
     */
    public Caller.StandardClaims complete(Caller caller, String accessToken) {
        Caller.StandardClaims token = caller.claims();
        if (endpoint.isEmpty() || token.name().isPresent() || token.email().isPresent()) {
            return token;
        }
        try {
            Caller.StandardClaims asked = read(fetch(endpoint.get(), accessToken), caller.subject());
            return new Caller.StandardClaims(asked.name(), asked.email(), token.phoneNumber().or(asked::phoneNumber),
                    token.locale().or(asked::locale), token.organizationId());
        } catch (Unusable e) {
            Log.warn("userinfo.unusable", "reason", e.getMessage());
            return token;
        }
    }

    /** Why an answer was not used, in words for the log (never a token or a claim's value). */
    static final class Unusable extends Exception {
        Unusable(String reason) {
            super(reason);
        }
    }

    private static byte[] fetch(URI endpoint, String accessToken) throws Unusable {
        try {
            return BoundedGet.fetch(endpoint, Map.of("Accept", "application/json", "Authorization", "Bearer " + accessToken),
                    TIMEOUT, MAX_BYTES);
        } catch (BoundedGet.Failed e) {
            if (e.getCause() != null) {
                throw new Unusable("the endpoint could not be read: " + e.getCause().getClass().getSimpleName());
            }
            throw new Unusable(e.status() != 200 ? "the endpoint answered " + e.status() : "the answer is larger than " + MAX_BYTES + " bytes");
        }
    }

    /** The claims of an answer about {@code subject}; verified flags, where given, must be true. */
    static Caller.StandardClaims read(byte[] document, String subject) throws Unusable {
        String sub = null;
        String name = null;
        String email = null;
        String phone = null;
        String locale = null;
        boolean emailVerified = true;
        boolean phoneVerified = true;
        try (JsonParser parser = Json.FACTORY.createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new Unusable("the answer is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                String text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                switch (field) {
                    case "sub" -> sub = text;
                    case "name" -> name = text;
                    case "email" -> email = text;
                    case "phone_number" -> phone = text;
                    case "locale" -> locale = text;
                    // Cognito sends these as the strings "true" and "false"; the standard says boolean.
                    case "email_verified" -> emailVerified = verified(value, text);
                    case "phone_number_verified" -> phoneVerified = verified(value, text);
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new Unusable("the answer is not valid JSON");
        }
        if (sub == null || !sub.equals(subject)) {
            throw new Unusable("the answer is about another subject");
        }
        return new Caller.StandardClaims(present(name), emailVerified ? present(email) : Optional.empty(),
                phoneVerified ? present(phone) : Optional.empty(), present(locale), Optional.empty());
    }

    private static boolean verified(JsonToken value, String text) {
        return value == JsonToken.VALUE_TRUE || "true".equals(text);
    }

    private static Optional<String> present(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
