package dev.myprofile.testkit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A token issuer for tests: signing keys of its own, their public halves served from a real JWKS URL
 * on loopback (counting every fetch), and a builder for tokens with sensible defaults that each test
 * bends one way.
 */
public final class TestIssuer implements AutoCloseable {
    public static final String AUDIENCE = "myprofile-api";

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final RSAKey rsa;
    private final ECKey ec;
    private volatile JWKSet published;

    private TestIssuer(HttpServer server, RSAKey rsa, ECKey ec) {
        this.server = server;
        this.rsa = rsa;
        this.ec = ec;
        this.published = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));
    }

    public static TestIssuer start() {
        try {
            RSAKey rsa = newRsaKey("rsa-1");
            ECKey ec = newEcKey("ec-1");
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TestIssuer issuer = new TestIssuer(server, rsa, ec);
            server.createContext("/jwks.json", exchange -> {
                issuer.fetches.incrementAndGet();
                byte[] body = issuer.published.toString(true).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return issuer;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static RSAKey newRsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static ECKey newEcKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/issuer";
    }

    public URI jwksUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    public int fetches() {
        return fetches.get();
    }

    /** Replaces the published key set (a rotation). */
    public void publish(JWK... keys) {
        published = new JWKSet(List.of(keys));
    }

    public RSAKey rsaKey() {
        return rsa;
    }

    public ECKey ecKey() {
        return ec;
    }

    /** Configuration for functions that trust this issuer. */
    public Map<String, String> settings() {
        return Map.of(
                "TOKEN_ISSUER", issuer(),
                "TOKEN_AUDIENCE", AUDIENCE,
                "JWKS_URI", jwksUri().toString());
    }

    public Token token(String subject) {
        return new Token(this, subject);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A token under construction: valid by default; each method bends one property. */
    public static final class Token {
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private JWK key;
        private JWSAlgorithm algorithm = JWSAlgorithm.RS256;
        private JOSEObjectType type = new JOSEObjectType("at+jwt");
        private Consumer<JWSHeader.Builder> header = h -> {};

        Token(TestIssuer issuer, String subject) {
            Instant now = Instant.now();
            key = issuer.rsa;
            claims.put("iss", issuer.issuer());
            claims.put("aud", List.of(AUDIENCE));
            claims.put("sub", subject);
            claims.put("iat", now.getEpochSecond());
            claims.put("exp", now.plusSeconds(300).getEpochSecond());
            claims.put("auth_time", now.getEpochSecond());
            claims.put("amr", List.of("pwd", "mfa"));
            claims.put("name", "User " + subject);
            claims.put("email", subject + "@contoso.example");
            claims.put("tid", "contoso");
        }

        public Token claim(String name, Object value) {
            if (value instanceof Instant instant) {
                value = instant.getEpochSecond();
            }
            claims.put(name, value);
            return this;
        }

        public Token without(String name) {
            claims.remove(name);
            return this;
        }

        public Token type(String typ) {
            type = typ == null ? null : new JOSEObjectType(typ);
            return this;
        }

        public Token signedWith(JWK signingKey, JWSAlgorithm alg) {
            key = signingKey;
            algorithm = alg;
            return this;
        }

        public Token header(Consumer<JWSHeader.Builder> change) {
            header = change;
            return this;
        }

        public String sign() {
            try {
                JWSHeader.Builder builder = new JWSHeader.Builder(algorithm).type(type).keyID(key.getKeyID());
                header.accept(builder);
                JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
                claims.forEach((name, value) -> {
                    if (value instanceof Long seconds && List.of("iat", "exp", "nbf", "auth_time").contains(name)) {
                        set.claim(name, new Date(seconds * 1000));
                    } else {
                        set.claim(name, value);
                    }
                });
                SignedJWT jwt = new SignedJWT(builder.build(), set.build());
                JWSSigner signer = new DefaultJWSSignerFactory().createJWSSigner(key, algorithm);
                jwt.sign(signer);
                return jwt.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

}
