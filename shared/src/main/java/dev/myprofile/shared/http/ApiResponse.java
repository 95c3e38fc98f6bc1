package dev.myprofile.shared.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.problem.Problem;
import dev.myprofile.shared.text.Language;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an operation answers: a status, headers, and a JSON (or problem+json) body. */
public record ApiResponse(int status, Map<String, String> headers, String body) {
    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    /**
     * What every API answer carries, whoever makes it (a function, or the local runtime answering for
     * API Gateway): never cached, never sniffed into something runnable, never framed, no referrer.
     */
    public static final Map<String, String> PROTECTIVE_HEADERS = protectiveHeaders();

    private static Map<String, String> protectiveHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        headers.put("Referrer-Policy", "no-referrer");
        return java.util.Collections.unmodifiableMap(headers);
    }

    public static ApiResponse json(int status, Json.Writer writer) {
        return new ApiResponse(status, Map.of("Content-Type", JSON), Json.write(writer));
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), null);
    }

    /** The problem in English, the default language. */
    public static ApiResponse problem(Problem problem) {
        return problem(problem, Language.EN);
    }

    /** The problem with its field errors' words, and so its detail, in the reader's {@code language}. */
    public static ApiResponse problem(Problem problem, Language language) {
        Map<String, String> headers = new LinkedHashMap<>(problem.headers());
        headers.put("Content-Type", PROBLEM_JSON);
        return new ApiResponse(problem.status(), headers, Json.write(g -> writeProblem(g, problem, language)));
    }

    private static void writeProblem(JsonGenerator g, Problem problem, Language language) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", problem.type());
        g.writeStringField("title", problem.title());
        g.writeNumberField("status", problem.status());
        g.writeStringField("detail", problem.detail(language));
        List<Problem.FieldError> errors = problem.errors();
        if (!errors.isEmpty()) {
            g.writeArrayFieldStart("errors");
            for (Problem.FieldError error : errors) {
                g.writeStartObject();
                g.writeStringField("field", error.field());
                g.writeStringField("code", error.code().code());
                if (!error.params().isEmpty()) {
                    g.writeObjectFieldStart("params");
                    for (Map.Entry<String, String> param : error.params().entrySet()) {
                        g.writeStringField(param.getKey(), param.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeStringField("message", error.message(language));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        for (Map.Entry<String, Object> extension : problem.extensions().entrySet()) {
            g.writeFieldName(extension.getKey());
            Object value = extension.getValue();
            if (value instanceof Number n) {
                g.writeNumber(n.longValue());
            } else {
                g.writeString(String.valueOf(value));
            }
        }
        g.writeEndObject();
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.put(name, value);
        return new ApiResponse(status, merged, body);
    }
}
