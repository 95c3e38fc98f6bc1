package dev.myprofile.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The deployed site, built from web/ and the stack's outputs, so nothing is edited by hand: index.html's
 * Content-Security-Policy gets the issuer's origins ({@code WebIssuerOrigins}) and the API's
 * ({@code ApiUrl}), and config.json names the issuer, the web client, the scopes, the API and managed
 * login's sign-out. Any placeholder left, or an output missing, fails the build: a site that cannot
 * sign in is never uploaded.
 *
 * <p>JDK only, so ./deploy runs this file as it is ({@code java SiteBuild.java OUTPUTS WEB OUT}), where
 * OUTPUTS is what {@code aws cloudformation describe-stacks --query
 * 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text} prints: one "key TAB value" a line.
 */
public final class SiteBuild {
    /** The outputs the site needs; ManagedLoginLogoutUrl only with a pool the stack creates. */
    public static final List<String> REQUIRED = List.of("SignInIssuer", "WebClientId", "WebScope", "ApiUrl", "WebIssuerOrigins");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[A-Za-z]+Origin}");

    private SiteBuild() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java SiteBuild.java OUTPUTS_FILE WEB_DIR OUT_DIR");
            System.exit(2);
        }
        try {
            build(readOutputs(Path.of(args[0])), Path.of(args[1]), Path.of(args[2]));
        } catch (IllegalArgumentException e) {
            System.err.println("site build: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("site build: " + args[2] + " (index.html and config.json filled from the stack's outputs)");
    }

    /** "key TAB value" lines (blank lines and # comments skipped). */
    public static Map<String, String> readOutputs(Path file) throws IOException {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException("not \"key<TAB>value\": " + line);
            }
            outputs.put(line.substring(0, tab).trim(), line.substring(tab + 1).trim());
        }
        return outputs;
    }

    /** Copies {@code web} to {@code out} (emptied first) with index.html and config.json filled in. */
    public static void build(Map<String, String> outputs, Path web, Path out) throws IOException {
        for (String name : REQUIRED) {
            if (outputs.getOrDefault(name, "").isBlank()) {
                throw new IllegalArgumentException("the stack output " + name + " is missing or empty");
            }
        }
        URI api = URI.create(outputs.get("ApiUrl"));
        if (!"https".equals(api.getScheme()) || api.getHost() == null) {
            throw new IllegalArgumentException("ApiUrl is not an https:// URL: " + api);
        }
        String apiOrigin = "https://" + api.getHost() + (api.getPort() < 0 ? "" : ":" + api.getPort());

        delete(out);
        Files.createDirectories(out);
        try (Stream<Path> files = Files.walk(web)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = web.relativize(file).toString();
                if (relative.equals("config.json") || relative.equals("config.example.json")) {
                    continue;
                }
                Path target = out.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path index = out.resolve("index.html");
        String html = Files.readString(index, StandardCharsets.UTF_8)
                .replace("{issuerOrigin}", outputs.get("WebIssuerOrigins"))
                .replace("{apiOrigin}", apiOrigin);
        Matcher left = PLACEHOLDER.matcher(html);
        if (left.find()) {
            throw new IllegalArgumentException("index.html still has " + left.group());
        }
        Files.writeString(index, html, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("config.json"), config(outputs), StandardCharsets.UTF_8);
    }

    static String config(Map<String, String> outputs) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", outputs.get("SignInIssuer"));
        config.put("clientId", outputs.get("WebClientId"));
        config.put("scope", outputs.get("WebScope"));
        config.put("apiBaseUrl", outputs.get("ApiUrl"));
        String logout = outputs.getOrDefault("ManagedLoginLogoutUrl", "");
        if (!logout.isBlank()) {
            config.put("logoutUrl", logout);
        }
        // Cognito's managed login answers prompt=none (the web app's silent sign-in on reload).
        if (URI.create(outputs.get("SignInIssuer")).getHost().startsWith("cognito-idp.")) {
            config.put("silentSignIn", true);
        }
        StringBuilder json = new StringBuilder("{\n");
        int i = 0;
        for (var entry : config.entrySet()) {
            json.append("  ").append(quote(entry.getKey())).append(": ")
                    .append(entry.getValue() instanceof String text ? quote(text) : entry.getValue())
                    .append(++i < config.size() ? ",\n" : "\n");
        }
        return json.append("}\n").toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
