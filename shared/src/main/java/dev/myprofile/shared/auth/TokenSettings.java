package dev.myprofile.shared.auth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.config.Config.ConfigException;
import dev.myprofile.shared.config.SecureUrls;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * How access tokens are checked, all from configuration: who issues them, for whom, with which
 * algorithms and token types, how long one may live, and where the keys are. The issuer and the keys are HTTPS (HTTP only to
 * this machine). {@code serviceClientId} ({@code SERVICE_CLIENT_ID}, set only on the functions a service
 * calls, e.g. device registration): with Cognito, that app client's access tokens are accepted there
 * beside the web app's ({@code COGNITO_CLIENT_ID}); a token whose subject is that client is the
 * service's own (client credentials), naming no person.
 */
public record TokenSettings(
        String issuer,
        Optional<String> audience,
        Optional<String> cognitoClientId,
        Optional<URI> jwksUri,
        Set<JWSAlgorithm> algorithms,
        Set<String> tokenTypes,
        boolean acceptMissingType,
        Duration clockSkew,
        Duration maxLifetime,
        Duration jwksMinRefreshInterval,
        Duration jwksCacheTtl,
        String organizationClaim,
        String deviceClaim,
        Optional<String> serviceClientId) {

    public static final int MAX_TOKEN_BYTES = 8 * 1024;
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    public TokenSettings {
        if (audience.isEmpty() && cognitoClientId.isEmpty()) {
            throw new ConfigException("Set TOKEN_AUDIENCE, or COGNITO_CLIENT_ID for Cognito access tokens");
        }
        if (clockSkew.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new ConfigException("TOKEN_CLOCK_SKEW_SECONDS must be at most 60");
        }
        if (maxLifetime.compareTo(Duration.ofSeconds(60)) < 0) {
            throw new ConfigException("TOKEN_MAX_LIFETIME_SECONDS must be at least 60");
        }
        if (jwksMinRefreshInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException("JWKS_MIN_REFRESH_SECONDS must be at least 1");
        }
        SecureUrls.require("TOKEN_ISSUER", issuer);
        jwksUri.ifPresent(uri -> SecureUrls.require("JWKS_URI", uri.toString()));
    }

    public static TokenSettings from(Config config) {
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : config.list("TOKEN_ALGORITHMS", "RS256,ES256")) {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
            if (!ASYMMETRIC.contains(algorithm)) {
                throw new ConfigException("TOKEN_ALGORITHMS may name only asymmetric signature algorithms, not " + name);
            }
            algorithms.add(algorithm);
        }
        Set<String> types = new LinkedHashSet<>();
        boolean acceptMissing = false;
        for (String type : config.list("TOKEN_TYPES", "at+jwt")) {
            if (type.equalsIgnoreCase("absent")) {
                acceptMissing = true;
            } else {
                types.add(type.toLowerCase(java.util.Locale.ROOT));
            }
        }
        return new TokenSettings(
                config.require("TOKEN_ISSUER"),
                config.get("TOKEN_AUDIENCE"),
                config.get("COGNITO_CLIENT_ID"),
                config.get("JWKS_URI").map(uri -> SecureUrls.require("JWKS_URI", uri)),
                Set.copyOf(algorithms),
                Set.copyOf(types),
                acceptMissing,
                config.seconds("TOKEN_CLOCK_SKEW_SECONDS", 60),
                config.seconds("TOKEN_MAX_LIFETIME_SECONDS", 24 * 60 * 60),
                config.seconds("JWKS_MIN_REFRESH_SECONDS", 30),
                config.seconds("JWKS_CACHE_TTL_SECONDS", 300),
                config.get("ORGANIZATION_CLAIM", "tid"),
                config.get("DEVICE_CLAIM", "deviceid"),
                config.get("SERVICE_CLIENT_ID"));
    }
}
