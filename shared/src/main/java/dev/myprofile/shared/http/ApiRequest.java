package dev.myprofile.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.problem.Problem;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A payload-2.0 request as the operations see it: headers by any case, the body with its limits. */
public final class ApiRequest {
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private final APIGatewayV2HTTPEvent event;
    private final Map<String, String> headers;

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getHeaders() != null) {
            byName.putAll(event.getHeaders());
        }
        this.headers = byName;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /**
     * The access token the request carries ({@code Authorization: Bearer …}), for a handler that
     * passes it on to the issuer (the pipeline has validated it before any handler runs).
     */
    public String bearerToken() {
        String header = header("authorization").orElseThrow();
        return header.substring(header.indexOf(' ') + 1).trim();
    }

    public String method() {
        var context = event.getRequestContext();
        return context != null && context.getHttp() != null && context.getHttp().getMethod() != null
                ? context.getHttp().getMethod().toUpperCase(Locale.ROOT)
                : "GET";
    }

    /** GET and HEAD change nothing; every other method may. */
    public boolean isRead() {
        String method = method();
        return method.equals("GET") || method.equals("HEAD");
    }

    public String routeKey() {
        return event.getRouteKey() != null ? event.getRouteKey() : method() + " " + event.getRawPath();
    }

    public Optional<String> pathParameter(String name) {
        return event.getPathParameters() == null ? Optional.empty() : Optional.ofNullable(event.getPathParameters().get(name));
    }

    public Optional<String> queryParameter(String name) {
        return event.getQueryStringParameters() == null ? Optional.empty()
                : Optional.ofNullable(event.getQueryStringParameters().get(name));
    }

    /**
     * The {@code limit} query parameter of a paged list: 1 to {@code max}, {@code max} when absent,
     * 400 naming the parameter otherwise.
     */
    public int pageLimit(int max) {
        Optional<String> raw = queryParameter("limit");
        if (raw.isEmpty()) {
            return max;
        }
        try {
            int limit = Integer.parseInt(raw.get());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below, like any other out-of-range value
        }
        throw Problem.invalid(java.util.List.of(new Problem.FieldError("limit", FieldCode.OUT_OF_RANGE, "1", Integer.toString(max))));
    }

    /** A 400 for a continuation token ({@code after}) that no earlier page handed out. */
    public static Problem invalidContinuation() {
        return Problem.invalid(java.util.List.of(new Problem.FieldError("after", FieldCode.UNKNOWN_PAGE)));
    }

    public String requestId() {
        var context = event.getRequestContext();
        return context != null && context.getRequestId() != null ? context.getRequestId() : "-";
    }

    public String sourceIp() {
        var context = event.getRequestContext();
        return context != null && context.getHttp() != null && context.getHttp().getSourceIp() != null
                ? context.getHttp().getSourceIp() : "";
    }

    public String userAgent() {
        var context = event.getRequestContext();
        return context != null && context.getHttp() != null && context.getHttp().getUserAgent() != null
                ? context.getHttp().getUserAgent() : header("user-agent").orElse("");
    }

    /** Whether the request carries a body at all (a POST that needs none may still send "{}"). */
    public boolean hasBody() {
        return event.getBody() != null && !event.getBody().isEmpty();
    }

    /**
     * The body of a request that must carry JSON: 415 for another media type, 413 over 16 KB, 400
     * for an empty one. Checked in that order so the cheapest refusal comes first.
     */
    public byte[] jsonBody() {
        String contentType = header("content-type").orElse("");
        if (!isJson(contentType)) {
            throw Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "Send the body as application/json (UTF-8).");
        }
        String raw = event.getBody();
        if (raw == null || raw.isEmpty()) {
            throw Problem.badRequest("The request has no body.");
        }
        if (raw.length() > MAX_BODY_BYTES * 2 + 4) {
            throw tooLarge();
        }
        byte[] bytes;
        try {
            bytes = event.getIsBase64Encoded() ? Base64.getDecoder().decode(raw) : raw.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("The body is not valid base64.");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return bytes;
    }

    private static Problem tooLarge() {
        return Problem.of(413, "body-too-large", "Request body too large",
                "The body may be at most " + MAX_BODY_BYTES / 1024 + " KB.");
    }

    static boolean isJson(String contentType) {
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        String mediaType = parts[0].trim();
        if (!mediaType.equals("application/json") && !mediaType.equals("application/merge-patch+json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("charset=") && !parameter.substring(8).replace("\"", "").equals("utf-8")) {
                return false;
            }
        }
        return true;
    }
}
