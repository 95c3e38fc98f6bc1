package dev.myprofile.local;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Serves web/ as a CDN would, with the headers the deployed site gets (a strict CSP among them). */
final class StaticFiles {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final Path root;
    private final String contentSecurityPolicy;

    StaticFiles(Path root, String issuerOrigin) {
        this.root = root.toAbsolutePath().normalize();
        this.contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' " + issuerOrigin + "; form-action 'self' " + issuerOrigin
                + "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
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
