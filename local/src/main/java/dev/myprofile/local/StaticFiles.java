package dev.myprofile.local;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a folder as a CDN would, with a strict Content-Security-Policy: web/ with the headers the
 * deployed site gets, and the API description's viewer with its own. The web app's policy is the one
 * index.html states in its meta element, with the issuer's and the API's origins filled in (as
 * publishing the site does), sent as a header too, with {@code frame-ancestors 'none'}, which only a
 * header can carry.
 */
final class StaticFiles {
    static final String ISSUER_ORIGIN = "{issuerOrigin}";
    static final String API_ORIGIN = "{apiOrigin}";
    private static final Pattern META_POLICY =
            Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">");
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
    private final Map<String, String> placeholders;
    private final String contentSecurityPolicy;

    private StaticFiles(Path root, Map<String, String> placeholders, String contentSecurityPolicy) {
        this.root = root.toAbsolutePath().normalize();
        this.placeholders = placeholders;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    /** The web app, which talks to the API and signs in at the issuer: index.html's own policy, filled in. */
    static StaticFiles webApp(Path root, String issuerOrigin, String apiOrigin) {
        Map<String, String> placeholders = Map.of(ISSUER_ORIGIN, issuerOrigin, API_ORIGIN, apiOrigin);
        String policy = fill(metaPolicy(root.toAbsolutePath().normalize().resolve("index.html")), placeholders)
                + "; frame-ancestors 'none'";
        return new StaticFiles(root, placeholders, policy);
    }

    /**
     * The API description's viewer (vendored Swagger UI): scripts and styles from here only, no eval;
     * it fetches the document and, for "Try it out", the local API.
     */
    static StaticFiles apiViewer(Path root) {
        return new StaticFiles(root, Map.of(), "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
    }

    /** The policy index.html states, placeholders and all. */
    static String metaPolicy(Path indexHtml) {
        try {
            Matcher m = META_POLICY.matcher(Files.readString(indexHtml));
            if (!m.find()) {
                throw new IllegalStateException(indexHtml + " has no Content-Security-Policy meta element");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fill(String text, Map<String, String> placeholders) {
        String filled = text;
        for (var placeholder : placeholders.entrySet()) {
            filled = filled.replace(placeholder.getKey(), placeholder.getValue());
        }
        return filled;
    }

    /** The file for a URL path, if it is inside the folder and exists; a path no file can have (a NUL in it) is none. */
    Optional<Path> resolve(String urlPath) {
        String relative = urlPath.equals("/") ? "index.html" : urlPath.substring(1);
        Path file;
        try {
            file = root.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    void send(HttpExchange exchange, Path file) throws IOException {
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1);
        byte[] body = !placeholders.isEmpty() && name.equals("index.html") && file.getParent().equals(root)
                ? fill(Files.readString(file), placeholders).getBytes(StandardCharsets.UTF_8)
                : Files.readAllBytes(file);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
        headers.set("Content-Security-Policy", contentSecurityPolicy);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
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
