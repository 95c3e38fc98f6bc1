package dev.myprofile.shared.problem;

import dev.myprofile.shared.text.Catalog;
import dev.myprofile.shared.text.Language;

import java.util.LinkedHashMap;
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

    /**
     * The layer's texts for a person ({@code texts_en/sv.properties} beside this class): the generic
     * {@link FieldCode}s' words and a validation problem's detail. Read once, at class initialisation.
     */
    public static final Catalog TEXTS = Catalog.load(Problem.class, "texts");

    /**
     * One field that is not valid: which field, why ({@link FieldCode}), the values of the code's
     * named parameters, and the catalog that words it (the layer's, or the module's own for its codes).
     * The words are chosen when the answer is written, in the reader's language ({@link #message(Language)}).
     */
    public record FieldError(String field, FieldCode code, Map<String, String> params, Catalog texts) {
        public FieldError {
            if (!params.keySet().equals(new java.util.HashSet<>(code.slots()))) {
                throw new IllegalArgumentException(code.code() + " takes " + code.slots() + ", given " + params.keySet());
            }
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** A generic code, worded by the layer's catalog; {@code values} fill the code's slots in order. */
        public FieldError(String field, FieldCode code, String... values) {
            this(field, code, named(code, values), TEXTS);
        }

        /** A code worded by a module's own catalog {@code texts}. */
        public static FieldError in(Catalog texts, String field, FieldCode code, String... values) {
            return new FieldError(field, code, named(code, values), texts);
        }

        private static Map<String, String> named(FieldCode code, String... values) {
            if (values.length != code.slots().size()) {
                throw new IllegalArgumentException(code.code() + " takes " + code.slots() + ", given " + values.length + " values");
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                params.put(code.slots().get(i), values[i]);
            }
            return params;
        }

        /** The words for a person reading {@code language}: a fragment that follows the field's name ("is required"). */
        public String message(Language language) {
            String[] slots = new String[params.size() * 2];
            int i = 0;
            for (Map.Entry<String, String> param : params.entrySet()) {
                slots[i++] = param.getKey();
                slots[i++] = param.getValue();
            }
            return texts.text(language, code.key(), slots);
        }

        /** The words in English, the default language. */
        public String message() {
            return message(Language.EN);
        }
    }

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
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation problem names at least one field");
        }
        return new Problem(400, typeUri("validation"), "The request is not valid", invalidDetail(errors, Language.EN),
                errors, Map.of(), Map.of());
    }

    /** "code: is not the code we sent (4 tries left)" for one field, "3 fields are not valid." for several. */
    private static String invalidDetail(List<FieldError> errors, Language language) {
        return errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message(language)
                : TEXTS.text(language, "validation.detail", "count", Integer.toString(errors.size()));
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
    /** The detail for a person reading {@code language}: a validation problem's names its fields' words in it. */
    public String detail(Language language) {
        return errors.isEmpty() ? getMessage() : invalidDetail(errors, language);
    }
    public List<FieldError> errors() { return errors; }
    public Map<String, String> headers() { return headers; }
    public Map<String, Object> extensions() { return extensions; }
}
