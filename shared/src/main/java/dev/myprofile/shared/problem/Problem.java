package dev.myprofile.shared.problem;

import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem, thrown anywhere in a request and turned into an
 * {@code application/problem+json} response by {@link ApiFunction}. It carries no stack trace: it is
 * an answer to the client, not a fault.
 */
public final class Problem extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers;
    private final Map<String, Object> extensions;

    public record FieldError(String field, String message) {}

    private Problem(int status, String type, String title, String detail,
                    List<FieldError> errors, Map<String, String> headers, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
        this.extensions = Map.copyOf(extensions);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(status, typeUri(slug), title, detail, List.of(), Map.of(), Map.of());
    }

    public static Problem invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are not valid.";
        return new Problem(400, typeUri("validation"), "The request is not valid", detail, errors, Map.of(), Map.of());
    }

    public static Problem badRequest(String detail) {
        return of(400, "bad-request", "The request is not valid", detail);
    }

    public static Problem notFound(String detail) {
        return of(404, "not-found", "Not found", detail);
    }

    public static Problem unavailable(String detail) {
        return of(503, "unavailable", "Service unavailable", detail).withHeader("Retry-After", "2");
    }

    public Problem withHeader(String name, String value) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(headers);
        merged.put(name, value);
        return new Problem(status, type, title, getMessage(), errors, merged, extensions);
    }

    public Problem with(String extension, Object value) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>(extensions);
        merged.put(extension, value);
        return new Problem(status, type, title, getMessage(), errors, headers, merged);
    }

    private static String typeUri(String slug) {
        return "urn:myprofile:problem:" + slug;
    }

    public int status() { return status; }
    public String type() { return type; }
    public String title() { return title; }
    public String detail() { return getMessage(); }
    public List<FieldError> errors() { return errors; }
    public Map<String, String> headers() { return headers; }
    public Map<String, Object> extensions() { return extensions; }
}
