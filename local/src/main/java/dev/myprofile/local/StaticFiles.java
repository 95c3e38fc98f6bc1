package dev.myprofile.local;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Serves a folder as a CDN would, with a strict Content-Security-Policy: web/ with the headers the
 * deployed site gets, and the API description's viewer with its own.
 */
final class StaticFiles {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "yaml", "application/yaml; charset=utf-8");

    private final Path root;
    private final String contentSecurityPolicy;

    private StaticFiles(Path root, String contentSecurityPolicy) {
        this.root = root.toAbsolutePath().normalize();
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    /** The web app, which talks to the API and signs in at the issuer. */
    static StaticFiles webApp(Path root, String issuerOrigin) {
        return new StaticFiles(root, "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' " + issuerOrigin + "; form-action 'self' " + issuerOrigin
                + "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
    }

    /**
     * The API description's viewer (vendored Swagger UI): scripts and styles from here only, no eval;
     * it fetches the document and, for "Try it out", the local API.
     */
    static StaticFiles apiViewer(Path root) {
        return new StaticFiles(root, "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
    }

    /** The file for a URL path, if it is inside web/ and exists. */
    Optional<Path> resolve(String urlPath) {
        String relative = urlPath.equals("/") ? "index.html" : urlPath.substring(1);
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    void send(HttpExchange exchange, Path file) throws IOException {
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1);
        byte[] body = Files.readAllBytes(file);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
        headers.set("Content-Security-Policy", contentSecurityPolicy);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-cache");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }
}
