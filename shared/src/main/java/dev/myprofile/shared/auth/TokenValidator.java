package dev.myprofile.shared.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.problem.Problem;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an {@code Authorization} header into a {@link Caller}, or refuses with 401 (RFC 6750). The
 * cheap checks (size, shape, nesting, header-borne keys) run before any JSON parsing or signature
 * work, so garbage costs almost nothing and can never reach a 500.
 *
 * <p>The header and the claims are read with the layer's Jackson ({@link JsonObjects}); Nimbus does
 * what only it should: choosing the key for the header ({@link JWSVerificationKeySelector}) and
 * checking the signature with it ({@link JWSVerifier}). Nimbus's own token and claims parsers read
 * JSON through its bundled Gson (some 135 classes on a cold start), so they are not used. The rules
 * are those {@code DefaultJWTProcessor} applied with the type, key and claims verifiers this class
 * used to configure: the same order (type, claims parsed, keys, signature, claims checked), the
 * same registered-claim types, {@code crit} left to Nimbus's verifiers.
 */
public final class TokenValidator {
    private static final int MAX_JSON_DEPTH = 8;
    private static final int MAX_SUBJECT_LENGTH = 255;
    private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

    private final TokenSettings settings;
    private final JWSVerificationKeySelector<SecurityContext> keySelector;
    private final Set<JOSEObjectType> types;
    private final Clock clock;

    public TokenValidator(TokenSettings settings, JWKSource<SecurityContext> keys, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.keySelector = new JWSVerificationKeySelector<>(settings.algorithms(), keys);
        this.types = types(settings);
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

    /** The accepted {@code typ} values ({@link JOSEObjectType} compares them ignoring case); null: none. */
    private static Set<JOSEObjectType> types(TokenSettings settings) {
        Set<JOSEObjectType> allowed = new HashSet<>();
        for (String type : settings.tokenTypes()) {
            allowed.add(new JOSEObjectType(type));
            allowed.add(new JOSEObjectType("application/" + type));
        }
        if (settings.acceptMissingType()) {
            allowed.add(null);
        }
        return allowed;
    }

    public Caller validate(Optional<String> authorization) {
        String token = bearerToken(authorization);
        try {
            Parts parts = checkShape(token);
            JWSHeader header = header(parts.header());
            if (!types.contains(header.getType())) {
                throw new InvalidToken("typ is not an accepted token type");
            }
            Claims claims = Claims.parse(parts.claims());
            verifySignature(header, parts);
            verifyClaims(claims);
            return caller(claims);
        } catch (KeySourceException e) {
            Log.warn("token.keys_unavailable", "reason", String.valueOf(e.getMessage()));
            throw Problem.unavailable("The sign-in keys could not be loaded. Try again shortly.");
        } catch (InvalidToken e) {
            throw rejected(e.getMessage());
        } catch (Exception | StackOverflowError e) {
            // Every other failure (a parse error, a verifier's) names the rule, not the token.
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

    /** The compact form's three parts: the decoded header and claims, what was signed, the signature. */
    private record Parts(byte[] header, byte[] claims, byte[] signingInput, Base64URL signature) {}

    /** Size, three parts, base64url, bounded JSON nesting. */
    private static Parts checkShape(String token) throws Exception {
        if (token.length() > TokenSettings.MAX_TOKEN_BYTES) {
            throw new InvalidToken("token is larger than " + TokenSettings.MAX_TOKEN_BYTES + " bytes");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidToken("token is not a signed JWT (JWS compact form)");
        }
        byte[][] json = new byte[2][];
        for (int i = 0; i < 2; i++) {
            if (parts[i].isEmpty()) {
                throw new InvalidToken("token part is empty");
            }
            try {
                json[i] = Base64.getUrlDecoder().decode(parts[i]);
            } catch (IllegalArgumentException e) {
                throw new InvalidToken("token part is not base64url");
            }
            if (depth(json[i]) > MAX_JSON_DEPTH) {
                throw new InvalidToken("token JSON is nested too deeply");
            }
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return new Parts(json[0], json[1], signingInput, new Base64URL(parts[2]));
    }

    /**
     * The JOSE header as Nimbus's verifiers need it, built without its parser: the algorithm (never
     * {@code none}), type, key id, {@code crit} (which the verifiers judge) and the key thumbprint the
     * key selector matches. A key carried in the header itself is refused.
     */
    private static JWSHeader header(byte[] json) throws Exception {
        Map<String, Object> header = JsonObjects.parse(json);
        for (String carried : List.of("jwk", "jku", "x5u", "x5c")) {
            if (header.get(carried) != null) {
                throw new InvalidToken("token header carries its own key (jwk, jku, x5u or x5c)");
            }
        }
        String alg = JsonObjects.string(header, "alg");
        if (alg == null || alg.equalsIgnoreCase("none")) {
            throw new InvalidToken("token is not signed (alg missing or none)");
        }
        JWSHeader.Builder builder = new JWSHeader.Builder(JWSAlgorithm.parse(alg));
        String typ = JsonObjects.string(header, "typ");
        if (typ != null) {
            builder.type(new JOSEObjectType(typ));
        }
        builder.keyID(JsonObjects.string(header, "kid"));
        List<String> critical = JsonObjects.strings(header, "crit");
        if (critical != null) {
            builder.criticalParams(new HashSet<>(critical));
        }
        Object b64 = header.get("b64");
        if (b64 != null && !Boolean.TRUE.equals(b64)) {
            // RFC 7797 section 7: a JWT's payload is always base64url-encoded.
            throw new InvalidToken("token header has b64 other than true");
        }
        String thumbprint = JsonObjects.string(header, "x5t#S256");
        if (thumbprint != null) {
            builder.x509CertSHA256Thumbprint(new Base64URL(thumbprint));
        }
        return builder.build();
    }

    /** The allowed algorithm's keys for this header from the key set, and one of them must verify. */
    private void verifySignature(JWSHeader header, Parts parts) throws Exception {
        List<? extends java.security.Key> keys = keySelector.selectJWSKeys(header, null);
        if (keys.isEmpty()) {
            throw new InvalidToken("algorithm not accepted, or no matching key");
        }
        for (java.security.Key key : keys) {
            JWSVerifier verifier = VERIFIERS.createJWSVerifier(header, key);
            if (verifier.verify(header, parts.signingInput(), parts.signature())) {
                return;
            }
        }
        throw new InvalidToken("invalid signature");
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

    /**
     * The claims, with the registered ones' types checked as JWT requires (RFC 7519): {@code iss},
     * {@code sub} (or a number, read as its digits), {@code jti} strings, {@code aud} a string or a list of strings, {@code exp},
     * {@code nbf}, {@code iat} numbers (seconds). A null member counts as absent.
     */
    private record Claims(Map<String, Object> all, String issuer, String subject, List<String> audience,
                          Long expires, Long notBefore, Long issuedAt) {
        static Claims parse(byte[] json) throws ParseException {
            Map<String, Object> claims = JsonObjects.parse(json);
            JsonObjects.string(claims, "jti");
            List<String> audience;
            Object aud = claims.get("aud");
            if (aud instanceof String s) {
                audience = List.of(s);
            } else {
                audience = JsonObjects.strings(claims, "aud");
            }
            // A numeric subject is read as its digits, as Nimbus's claims parser did.
            Object sub = claims.get("sub");
            String subject = sub instanceof Number ? String.valueOf(sub) : JsonObjects.string(claims, "sub");
            return new Claims(claims, JsonObjects.string(claims, "iss"), subject,
                    audience == null ? List.of() : audience, JsonObjects.number(claims, "exp"),
                    JsonObjects.number(claims, "nbf"), JsonObjects.number(claims, "iat"));
        }

        Object get(String name) {
            return all.get(name);
        }
    }

    /** Issuer, audience or Cognito client, required claims, expiry and not-before within the skew. */
    private void verifyClaims(Claims claims) throws Exception {
        if (!settings.issuer().equals(claims.issuer())) {
            throw new InvalidToken("iss is not the configured issuer");
        }
        if (settings.audience().isPresent()) {
            if (!claims.audience().contains(settings.audience().get())) {
                throw new InvalidToken("aud is missing or does not name this API");
            }
        } else {
            if (!"access".equals(claims.get("token_use"))) {
                throw new InvalidToken("token_use is not access");
            }
            if (claims.get("client_id") == null) {
                throw new InvalidToken("client_id is missing");
            }
            // With a service client as well, either client: checked with the other claims (see caller).
            if (settings.serviceClientId().isEmpty()
                    && !settings.cognitoClientId().orElseThrow().equals(claims.get("client_id"))) {
                throw new InvalidToken("client_id is not the app's");
            }
        }
        if (claims.subject() == null || claims.expires() == null || claims.issuedAt() == null) {
            throw new InvalidToken("sub, exp or iat is missing");
        }
        long now = clock.millis();
        long skew = settings.clockSkew().toMillis();
        if (claims.expires() * 1000 + skew <= now) {
            throw new InvalidToken("expired");
        }
        if (claims.notBefore() != null && claims.notBefore() * 1000 - skew >= now) {
            throw new InvalidToken("nbf is in the future");
        }
    }

    private Caller caller(Claims claims) throws Exception {
        String subject = claims.subject();
        if (subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH || subject.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidToken("sub is empty, too long, or has control characters");
        }
        if (settings.audience().isEmpty() && settings.serviceClientId().isPresent()) {
            String clientId = JsonObjects.string(claims.all(), "client_id");
            if (!settings.cognitoClientId().orElseThrow().equals(clientId) && !settings.serviceClientId().get().equals(clientId)) {
                throw new InvalidToken("client_id is neither the app's nor the service's");
            }
        }
        Instant latest = clock.instant().plus(settings.clockSkew());
        Instant issuedAt = Instant.ofEpochSecond(claims.issuedAt());
        if (issuedAt.isAfter(latest)) {
            throw new InvalidToken("iat is in the future");
        }
        // A leaked token must not outlive a day (by default), whatever exp its issuer was tricked into.
        if (Instant.ofEpochSecond(claims.expires()).isAfter(issuedAt.plus(settings.maxLifetime()))) {
            throw new InvalidToken("exp is further after iat than the accepted lifetime");
        }
        Long authSeconds = JsonObjects.number(claims.all(), "auth_time");
        Optional<Instant> authTime = Optional.ofNullable(authSeconds).map(Instant::ofEpochSecond);
        // A sign-in "in the future" would stay fresh for step-up as long as the token lives.
        if (authTime.isPresent() && authTime.get().isAfter(latest)) {
            throw new InvalidToken("auth_time is in the future");
        }
        return new Caller(
                claims.issuer(),
                subject,
                issuedAt,
                authTime,
                amr(claims),
                text(claims, settings.deviceClaim()),
                new Caller.StandardClaims(
                        text(claims, "name"),
                        text(claims, "email"),
                        text(claims, "phone_number"),
                        text(claims, "locale"),
                        text(claims, settings.organizationClaim())),
                scopes(claims),
                text(claims, "username"));
    }

    /** {@code scope} (RFC 9068, Cognito) and {@code scp} (Entra ID): space-separated, or a list of strings. */
    private static Set<String> scopes(Claims claims) {
        Set<String> scopes = new HashSet<>();
        for (String name : List.of("scope", "scp")) {
            Object value = claims.get(name);
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

    private static List<String> amr(Claims claims) {
        Object value = claims.get("amr");
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

    private static Optional<String> text(Claims claims, String name) {
        Object value = claims.get(name);
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
