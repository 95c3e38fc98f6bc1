package dev.myprofile.shared.http;

import com.sun.net.httpserver.HttpServer;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.config.Config.ConfigException;
import dev.myprofile.shared.platform.Platform;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.TestIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configuration that would let the network decide whose keys sign our tokens is refused at start:
 * plain HTTP outside this machine (issuer, JWKS URI, web origin), a discovery document that names
 * another issuer or plain-HTTP keys, and a discovery endpoint that never answers.
 */
class SecureConfigurationTest {

    private static Api api(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(
                "AWS_REGION", Moto.REGION, "AWS_ACCESS_KEY_ID", Moto.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", Moto.SECRET_KEY,
                "TABLE_NAME", "unused", "TOKEN_AUDIENCE", TestIssuer.AUDIENCE,
                "TOKEN_ISSUER", "https://login.example.com/tenant", "JWKS_URI", "https://login.example.com/tenant/keys"));
        all.putAll(settings);
        return Api.create(Platform.create(new Config(all), Clock.systemUTC()));
    }

    @Test
    void plain_http_outside_this_machine_is_refused_for_the_issuer_the_keys_and_the_web_origin() {
        for (Map<String, String> insecure : List.of(
                Map.of("TOKEN_ISSUER", "http://login.example.com/tenant"),
                Map.of("JWKS_URI", "http://login.example.com/tenant/keys"),
                Map.of("WEB_ORIGIN", "http://myprofile.example.com"),
                Map.of("WEB_ORIGIN", "https://myprofile.example.com/app"),
                Map.of("JWKS_URI", "ftp://login.example.com/keys"),
                Map.of("TOKEN_ISSUER", "http://127.0.0.1.example.com/tenant"))) {
            ConfigException refused = assertThrows(ConfigException.class, () -> api(insecure), insecure::toString);
            assertTrue(refused.getMessage().contains(insecure.keySet().iterator().next()), refused::getMessage);
        }
    }

    @Test
    void https_and_plain_http_to_this_machine_are_accepted() {
        for (Map<String, String> fine : List.of(
                Map.of("WEB_ORIGIN", "https://myprofile.example.com"),
                Map.of("WEB_ORIGIN", "http://127.0.0.1:8080"),
                Map.of("WEB_ORIGIN", "http://localhost:8080"),
                Map.of("JWKS_URI", "http://[::1]:9000/keys"),
                Map.of("TOKEN_ISSUER", "http://localhost:9000/issuer"))) {
            assertDoesNotThrow(() -> api(fine), fine::toString);
        }
    }

    /** A loopback server answering the discovery path with {@code document(baseUrl)}. */
    private static HttpServer discovery(Function<String, String> document) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/issuer/.well-known/openid-configuration", exchange -> {
            byte[] body = document.apply(base).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static Map<String, String> discovering(HttpServer server) {
        Map<String, String> settings = new HashMap<>();
        settings.put("TOKEN_ISSUER", "http://127.0.0.1:" + server.getAddress().getPort() + "/issuer");
        settings.put("JWKS_URI", "");
        return settings;
    }

    @Test
    void discovery_finds_the_keys_of_a_document_that_names_the_configured_issuer() throws IOException {
        HttpServer server = discovery(base -> "{\"issuer\":\"" + base + "/issuer\",\"jwks_uri\":\"" + base + "/keys\"}");
        try {
            assertDoesNotThrow(() -> api(discovering(server)));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void discovery_refuses_a_document_that_names_another_issuer_or_plain_http_keys() throws IOException {
        for (Function<String, String> document : List.<Function<String, String>>of(
                base -> "{\"issuer\":\"https://evil.example/issuer\",\"jwks_uri\":\"" + base + "/keys\"}",
                base -> "{\"jwks_uri\":\"" + base + "/keys\"}",
                base -> "{\"issuer\":\"" + base + "/issuer\",\"jwks_uri\":\"http://keys.example.com/jwks\"}")) {
            HttpServer server = discovery(document);
            try {
                ConfigException refused = assertThrows(ConfigException.class, () -> api(discovering(server)));
                assertTrue(refused.getMessage().contains("issuer") || refused.getMessage().contains("jwks_uri"), refused::getMessage);
            } finally {
                server.stop(0);
            }
        }
    }

    /** Accepts connections (the kernel does, from the backlog) and never answers: a hung provider. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void discovery_gives_up_on_a_provider_that_never_answers() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = Map.of("TOKEN_ISSUER", "http://127.0.0.1:" + silent.getLocalPort() + "/issuer",
                    "JWKS_URI", "");
            ConfigException refused = assertThrows(ConfigException.class, () -> api(settings));
            assertTrue(refused.getMessage().contains("timed out"), refused::getMessage);
        }
    }
}
