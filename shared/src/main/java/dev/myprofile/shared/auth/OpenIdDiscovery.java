package dev.myprofile.shared.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.myprofile.shared.config.BoundedGet;
import dev.myprofile.shared.config.Config.ConfigException;
import dev.myprofile.shared.config.SecureUrls;
import dev.myprofile.shared.json.Json;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * OpenID Connect discovery (once per container, when no JWKS URI is configured): the issuer's
 * metadata document, fetched with connect and read timeouts and a size limit, trusted only when its
 * {@code issuer} is exactly the configured one (OpenID Connect Discovery 1.0, 4.3) and its
 * {@code jwks_uri} is HTTPS. A document that fails any of these stops the function at start, rather
 * than letting a misdirected or hanging provider decide whose keys sign our tokens.
 */
public final class OpenIdDiscovery {
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_BYTES = 64 * 1024;

    private OpenIdDiscovery() {}

    public static URI jwksUri(String issuer) {
        URI discovery = SecureUrls.require("TOKEN_ISSUER", issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        byte[] document = fetch(discovery);
        String documentIssuer = null;
        String jwksUri = null;
        try (JsonParser parser = Json.FACTORY.createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ConfigException("OpenID discovery at " + discovery + " is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && name.equals("issuer")) {
                    documentIssuer = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && name.equals("jwks_uri")) {
                    jwksUri = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new ConfigException("OpenID discovery at " + discovery + " is not valid JSON: " + e.getMessage());
        }
        if (!issuer.equals(documentIssuer)) {
            throw new ConfigException("OpenID discovery at " + discovery + " names the issuer " + documentIssuer
                    + ", not the configured " + issuer);
        }
        if (jwksUri == null) {
            throw new ConfigException("OpenID discovery at " + discovery + " has no jwks_uri");
        }
        return SecureUrls.require("jwks_uri of " + discovery, jwksUri);
    }

    private static byte[] fetch(URI discovery) {
        try {
            return BoundedGet.fetch(discovery, Map.of("Accept", "application/json"), TIMEOUT, MAX_BYTES);
        } catch (BoundedGet.Failed e) {
            Throwable cause = e.getCause();
            throw new ConfigException("OpenID discovery at " + discovery + (cause != null ? " failed: " + cause : " " + e.getMessage()));
        }
    }
}
