package dev.myprofile.shared.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.problem.Problem;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an {@code Authorization} header into a {@link Caller}, or refuses with 401 (RFC 6750). The
 * cheap checks (size, shape, nesting, header-borne keys) run before any JSON parsing or signature
 * work, so garbage costs almost nothing and can never reach a 500.
 */
public final class TokenValidator {
    private static final int MAX_JSON_DEPTH = 8;
    private static final int MAX_SUBJECT_LENGTH = 255;

    private final TokenSettings settings;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Clock clock;

    public TokenValidator(TokenSettings settings, JWKSource<SecurityContext> keys, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(settings.algorithms(), keys));
        processor.setJWSTypeVerifier(typeVerifier(settings));
        processor.setJWTClaimsSetVerifier(claimsVerifier(settings));
    }

    /**
     * The same rules over other keys: SnapStart's priming verifies a token signed by a throw-away key
     * through exactly this code, without that key ever reaching the validator requests use.
     */
    public TokenValidator withKeys(JWKSource<SecurityContext> otherKeys) {
        return new TokenValidator(settings, otherKeys, clock);
    }

    public TokenSettings settings() {
        return settings;
    }

    private static DefaultJOSEObjectTypeVerifier<SecurityContext> typeVerifier(TokenSettings settings) {
        Set<JOSEObjectType> allowed = new HashSet<>();
        for (String type : settings.tokenTypes()) {
            allowed.add(new JOSEObjectType(type));
            allowed.add(new JOSEObjectType("application/" + type));
        }
        if (settings.acceptMissingType()) {
            allowed.add(null);
        }
        return new DefaultJOSEObjectTypeVerifier<>(allowed);
    }

    private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(TokenSettings settings) {
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder().issuer(settings.issuer());
        Set<String> required = new HashSet<>(Set.of("sub", "exp", "iat"));
        Set<String> audience = null;
        if (settings.audience().isPresent()) {
            audience = Set.of(settings.audience().get());
        } else {
            exact.claim("token_use", "access");
            if (settings.serviceClientId().isEmpty()) {
                exact.claim("client_id", settings.cognitoClientId().orElseThrow());
            }
            // Else one of two clients: checked with the other claims (see caller).
            required.add("client_id");
        }
        var verifier = new DefaultJWTClaimsVerifier<SecurityContext>(audience, exact.build(), required, null);
        verifier.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        return verifier;
    }

    public Caller validate(Optional<String> authorization) {
        String token = bearerToken(authorization);
        try {
            SignedJWT jwt = checkShape(token);
            JWTClaimsSet claims = processor.process(jwt, null);
            return caller(claims);
        } catch (KeySourceException e) {
            Log.warn("token.keys_unavailable", "reason", String.valueOf(e.getMessage()));
            throw Problem.unavailable("The sign-in keys could not be loaded. Try again shortly.");
        } catch (InvalidToken e) {
            throw rejected(e.getMessage());
        } catch (Exception | StackOverflowError e) {
            // Nimbus reports every failure as an exception whose message names the rule, not the token.
            throw rejected(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String bearerToken(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            throw Problem.of(401, "unauthorized", "Sign-in required", "This request needs an access token.")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"myprofile\"");
        }
        String value = authorization.get().trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw rejected("authorization scheme is not Bearer");
        }
        return value.substring(7).trim();
    }

    /** Size, three parts, bounded JSON nesting, no key carried in the token's own header. */
    private static SignedJWT checkShape(String token) throws Exception {
        if (token.length() > TokenSettings.MAX_TOKEN_BYTES) {
            throw new InvalidToken("token is larger than " + TokenSettings.MAX_TOKEN_BYTES + " bytes");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidToken("token is not a signed JWT (JWS compact form)");
        }
        for (int i = 0; i < 2; i++) {
            byte[] json;
            try {
                json = Base64.getUrlDecoder().decode(parts[i]);
            } catch (IllegalArgumentException e) {
                throw new InvalidToken("token part is not base64url");
            }
            if (depth(json) > MAX_JSON_DEPTH) {
                throw new InvalidToken("token JSON is nested too deeply");
            }
        }
        SignedJWT jwt = SignedJWT.parse(token);
        JWSHeader header = jwt.getHeader();
        if (header.getJWK() != null || header.getJWKURL() != null
                || header.getX509CertURL() != null || header.getX509CertChain() != null) {
            throw new InvalidToken("token header carries its own key (jwk, jku, x5u or x5c)");
        }
        return jwt;
    }

    /** Deepest object/array nesting outside strings; a malformed document is left to the parser. */
    static int depth(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                max = Math.max(max, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return max;
    }

    private Caller caller(JWTClaimsSet claims) throws Exception {
        String subject = claims.getSubject();
        if (subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH || subject.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidToken("sub is empty, too long, or has control characters");
        }
        if (settings.audience().isEmpty() && settings.serviceClientId().isPresent()) {
            String clientId = claims.getStringClaim("client_id");
            if (!settings.cognitoClientId().orElseThrow().equals(clientId) && !settings.serviceClientId().get().equals(clientId)) {
                throw new InvalidToken("client_id is neither the app's nor the service's");
            }
        }
        Instant latest = clock.instant().plus(settings.clockSkew());
        Instant issuedAt = claims.getIssueTime().toInstant();
        if (issuedAt.isAfter(latest)) {
            throw new InvalidToken("iat is in the future");
        }
        // A leaked token must not outlive a day (by default), whatever exp its issuer was tricked into.
        if (claims.getExpirationTime().toInstant().isAfter(issuedAt.plus(settings.maxLifetime()))) {
            throw new InvalidToken("exp is further after iat than the accepted lifetime");
        }
        Date authTime = claims.getDateClaim("auth_time");
        // A sign-in "in the future" would stay fresh for step-up as long as the token lives.
        if (authTime != null && authTime.toInstant().isAfter(latest)) {
            throw new InvalidToken("auth_time is in the future");
        }
        return new Caller(
                claims.getIssuer(),
                subject,
                issuedAt,
                Optional.ofNullable(authTime).map(Date::toInstant),
                amr(claims),
                text(claims, settings.deviceClaim()),
                new Caller.StandardClaims(
                        text(claims, "name"),
                        text(claims, "email"),
                        text(claims, "phone_number"),
                        text(claims, "locale"),
                        text(claims, settings.organizationClaim())),
                scopes(claims));
    }

    /** {@code scope} (RFC 9068, Cognito) and {@code scp} (Entra ID): space-separated, or a list of strings. */
    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new HashSet<>();
        for (String name : List.of("scope", "scp")) {
            Object value = claims.getClaim(name);
            if (value instanceof String s) {
                for (String scope : s.trim().split("\\s+")) {
                    if (!scope.isEmpty()) {
                        scopes.add(scope);
                    }
                }
            } else if (value instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof String s && !s.isBlank()) {
                        scopes.add(s.trim());
                    }
                }
            }
        }
        return scopes;
    }

    private static List<String> amr(JWTClaimsSet claims) {
        Object value = claims.getClaim("amr");
        List<String> methods = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s) {
                    methods.add(s);
                }
            }
        }
        return List.copyOf(methods);
    }

    private static Optional<String> text(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    private static Problem rejected(String reason) {
        Log.info("token.rejected", "reason", reason);
        return Problem.of(401, "invalid-token", "Sign-in required", "The access token is not valid.")
                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"The access token is not valid\"");
    }

    private static final class InvalidToken extends Exception {
        InvalidToken(String message) {
            super(message, null, false, false);
        }
    }
}
