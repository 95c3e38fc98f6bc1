package dev.myprofile.shared.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.ResourceRetriever;

import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signing keys, only from the configured JWKS URI. Kept in memory; refetched when the cache is
 * older than its time to live, or when a token names a key we do not have (a rotation) — but never
 * more than once per minimum interval, however many unknown key ids arrive. Nimbus's
 * {@code RateLimitedJWKSetSource} allows two fetches per interval and reads the system clock; this
 * one allows one and takes a {@link Clock}, so the rule is exact and testable.
 * When a refresh fails, the keys already held are used for up to a day.
 * The key set is read with the layer's Jackson ({@link #parse}), not {@code JWKSet.parse}, whose
 * JSON goes through Nimbus's bundled Gson.
 */
public final class JwksCache implements JWKSource<SecurityContext> {
    private static final Duration MAX_STALE = Duration.ofHours(24);
    private static final int TIMEOUT_MS = 2_000;
    private static final int SIZE_LIMIT = 256 * 1024;

    private final URL uri;
    private final ResourceRetriever retriever;
    private final Clock clock;
    private final Duration minInterval;
    private final Duration ttl;

    private JWKSet keys;
    private Instant fetchedAt = Instant.MIN;
    private Instant lastAttempt = Instant.MIN;

    public JwksCache(URL uri, Clock clock, Duration minInterval, Duration ttl) {
        this.uri = uri;
        // Disconnects after each fetch: keys are fetched minutes apart, far beyond any keep-alive, so a
        // pooled connection would only be a stale one — and none must travel in a SnapStart snapshot.
        this.retriever = new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, SIZE_LIMIT, true);
        this.clock = clock;
        this.minInterval = minInterval;
        this.ttl = ttl;
    }

    @Override
    public synchronized List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Instant now = clock.instant();
        if (keys == null) {
            fetch(now, true);
        } else if (now.isAfter(fetchedAt.plus(ttl)) && mayFetch(now)) {
            fetch(now, now.isAfter(fetchedAt.plus(MAX_STALE)));
        }
        List<JWK> found = selector.select(keys);
        if (found.isEmpty() && mayFetch(now)) {
            fetch(now, false);
            found = selector.select(keys);
        }
        return found;
    }

    /**
     * Fetches the keys now unless they are held already (SnapStart's priming, before the snapshot).
     * They keep their time to live from this moment: a copy restored later than that refetches them
     * on its first request, as any container does once they expire. Returns how many keys are held.
     */
    public synchronized int prefetch() throws KeySourceException {
        if (keys == null) {
            fetch(clock.instant(), true);
        }
        return keys.getKeys().size();
    }

    private boolean mayFetch(Instant now) {
        return !now.isBefore(lastAttempt.plus(minInterval));
    }

    /** One fetch, retried once at once on an I/O error. {@code required}: fail if no keys result. */
    private void fetch(Instant now, boolean required) throws KeySourceException {
        if (!mayFetch(now) && keys == null) {
            throw new KeySourceException("JWKS not yet available; next fetch allowed after " + lastAttempt.plus(minInterval));
        }
        lastAttempt = now;
        try {
            keys = parse(retrieveWithOneRetry());
            fetchedAt = now;
        } catch (IOException | ParseException e) {
            if (required || keys == null) {
                keys = null;
                throw new KeySourceException("Could not fetch the JWKS: " + e.getClass().getSimpleName(), e);
            }
        }
    }

    private String retrieveWithOneRetry() throws IOException {
        try {
            return retriever.retrieveResource(uri).getContent();
        } catch (IOException first) {
            return retriever.retrieveResource(uri).getContent();
        }
    }

    /**
     * A JWK set (RFC 7517 section 5) into Nimbus's key objects, as {@code JWKSet.parse} read it: the
     * public members of RSA, EC and OKP keys, their {@code kid}, {@code use}, {@code key_ops},
     * {@code alg} and {@code x5t#S256} (what the key selector matches on); a key of another type is
     * skipped; a malformed key, or a point not on its curve, fails the whole set.
     */
    static JWKSet parse(String json) throws ParseException {
        Map<String, Object> set = JsonObjects.parse(json);
        if (!(set.get("keys") instanceof List<?> members)) {
            throw new ParseException("the JWK set has no keys list", 0);
        }
        List<JWK> keys = new ArrayList<>();
        for (Object member : members) {
            if (!(member instanceof Map<?, ?>)) {
                throw new ParseException("a JWK is not a JSON object", 0);
            }
            @SuppressWarnings("unchecked")
            JWK key = key((Map<String, Object>) member);
            if (key != null) {
                keys.add(key);
            }
        }
        return new JWKSet(keys);
    }

    private static JWK key(Map<String, Object> jwk) throws ParseException {
        String type = JsonObjects.string(jwk, "kty");
        if (type == null) {
            throw new ParseException("a JWK has no kty", 0);
        }
        if (!List.of("RSA", "EC", "OKP").contains(type)) {
            // A symmetric or unknown key can verify none of the asymmetric algorithms allowed.
            return null;
        }
        try {
            String kid = JsonObjects.string(jwk, "kid");
            String use = JsonObjects.string(jwk, "use");
            KeyUse keyUse = use == null ? null : KeyUse.parse(use);
            List<String> operations = JsonObjects.strings(jwk, "key_ops");
            Set<KeyOperation> keyOperations = operations == null ? null : new LinkedHashSet<>(KeyOperation.parse(operations));
            String alg = JsonObjects.string(jwk, "alg");
            Algorithm algorithm = alg == null ? null : Algorithm.parse(alg);
            String thumbprint = JsonObjects.string(jwk, "x5t#S256");
            Base64URL x5t = thumbprint == null ? null : new Base64URL(thumbprint);
            return switch (type) {
                case "RSA" -> new RSAKey.Builder(required(jwk, "n"), required(jwk, "e"))
                        .keyID(kid).keyUse(keyUse).keyOperations(keyOperations).algorithm(algorithm).x509CertSHA256Thumbprint(x5t).build();
                case "EC" -> new ECKey.Builder(curve(jwk), required(jwk, "x"), required(jwk, "y"))
                        .keyID(kid).keyUse(keyUse).keyOperations(keyOperations).algorithm(algorithm).x509CertSHA256Thumbprint(x5t).build();
                default -> new OctetKeyPair.Builder(curve(jwk), required(jwk, "x"))
                        .keyID(kid).keyUse(keyUse).keyOperations(keyOperations).algorithm(algorithm).x509CertSHA256Thumbprint(x5t).build();
            };
        } catch (ParseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ParseException("a JWK is not valid: " + e.getClass().getSimpleName(), 0);
        }
    }

    private static Base64URL required(Map<String, Object> jwk, String name) throws ParseException {
        String value = JsonObjects.string(jwk, name);
        if (value == null || value.isEmpty()) {
            throw new ParseException("a JWK has no " + name, 0);
        }
        return new Base64URL(value);
    }

    private static Curve curve(Map<String, Object> jwk) throws ParseException {
        String name = JsonObjects.string(jwk, "crv");
        if (name == null) {
            throw new ParseException("a JWK has no crv", 0);
        }
        return Curve.parse(name);
    }
}
