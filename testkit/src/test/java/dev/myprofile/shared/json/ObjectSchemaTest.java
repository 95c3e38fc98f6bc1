package dev.myprofile.shared.json;

import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.problem.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectSchemaTest {
    private static final ObjectSchema SCHEMA = ObjectSchema.builder()
            .string("name", 5, false)
            .string("code", 10, true, s -> s.startsWith("x"), FieldCode.ONE_OF, "xa, xb")
            .integer("count", 1, 10, false)
            .build();

    private static ObjectSchema.Values parse(String json) {
        return SCHEMA.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Problem rejected(String json) {
        return assertThrows(Problem.class, () -> parse(json));
    }

    private static List<String> fields(Problem problem) {
        return problem.errors().stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void documented_fields_are_read_trimmed_and_absent_ones_are_not_there() {
        ObjectSchema.Values values = parse("{\"name\":\"  Ada \",\"count\":3}");
        assertEquals(Optional.of("Ada"), values.string("name"));
        assertEquals(Optional.of(3L), values.integer("count"));
        assertTrue(!values.has("code"));
    }

    @Test
    void an_explicit_null_is_kept_apart_from_an_absent_field() {
        ObjectSchema.Values values = parse("{\"code\":null}");
        assertTrue(values.has("code"));
        assertEquals(Optional.empty(), values.string("code"));
    }

    @Test
    void null_for_a_required_field_is_an_error() {
        assertEquals(List.of("name"), fields(rejected("{\"name\":null}")));
    }

    @Test
    void length_counts_characters_not_UTF_16_units() {
        assertEquals(Optional.of("😀😀😀😀😀"), parse("{\"name\":\"😀😀😀😀😀\"}").string("name"));
        assertEquals(List.of("name"), fields(rejected("{\"name\":\"😀😀😀😀😀😀\"}")));
    }

    @Test
    void every_problem_is_reported_at_once_in_field_order() {
        Problem problem = rejected("{\"name\":1,\"code\":\"y\",\"count\":11,\"admin\":{\"deep\":[1,2]}}");
        assertEquals(400, problem.status());
        assertEquals(List.of("name", "code", "count", "admin"), fields(problem));
        assertEquals(FieldCode.ONE_OF, problem.errors().get(1).code());
        assertEquals("must be one of: xa, xb", problem.errors().get(1).message());
    }

    @Test
    void control_characters_and_empty_strings_are_refused() {
        assertEquals(List.of("name"), fields(rejected("{\"name\":\"a\\u0000b\"}")));
        assertEquals(List.of("name"), fields(rejected("{\"name\":\"   \"}")));
    }

    @Test
    void a_whole_number_out_of_range_or_a_fraction_is_refused() {
        assertEquals(List.of("count"), fields(rejected("{\"count\":1.5}")));
        assertEquals(List.of("count"), fields(rejected("{\"count\":99999999999999999999}")));
    }

    @Test
    void malformed_documents_are_400_without_field_errors() {
        for (String json : List.of("", "nul", "[]", "\"x\"", "{\"name\":\"a\"", "{\"name\":\"a\"}x",
                "{\"name\":\"a\",\"name\":\"b\"}", "{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}")) {
            Problem problem = assertThrows(Problem.class, () -> parse(json), json);
            assertEquals(400, problem.status(), json);
        }
    }

    @Test
    void invalid_UTF_8_is_400() {
        byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertEquals(400, assertThrows(Problem.class, () -> SCHEMA.parse(body)).status());
    }
}
