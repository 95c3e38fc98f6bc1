package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.testkit.Project;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web app shows a field's error in the page's language by its {@code code} ({@code web/js/forms.js}:
 * {@code field.<code>} in common.json, the code's params filled in), never the server's words. So every
 * code — the closed set {@link FieldCode}, the codes the Java source gives, and openapi.yaml's
 * {@code FieldError.code} enum, which must be the same set — has its words in every language, with
 * exactly the code's placeholders, and {@code field.unknown} stands in for a code the app does not know.
 */
class FieldTextsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GIVEN = Pattern.compile("FieldCode\\.([A-Z][A-Z_]*)\\b");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    /** The codes openapi.yaml's FieldError schema allows. */
    static Set<String> documentedCodes() throws IOException {
        String document = Files.readString(Project.root().resolve("openapi.yaml"));
        int schema = document.indexOf("\n    FieldError:\n");
        assertTrue(schema > 0, "openapi.yaml has components.schemas.FieldError");
        int code = document.indexOf("\n        code:\n", schema);
        int enumStart = document.indexOf("\n          enum:\n", code);
        assertTrue(code > 0 && enumStart > 0, "FieldError.code has an enum");
        Set<String> codes = new TreeSet<>();
        for (String line : document.substring(enumStart + "\n          enum:\n".length()).split("\n")) {
            if (!line.startsWith("            - ")) {
                break;
            }
            codes.add(line.substring("            - ".length()).trim());
        }
        return codes;
    }

    /** The codes the deployed code gives ({@code FieldCode.WRONG_CODE} in any main source but the enum itself). */
    static Set<String> givenCodes() throws IOException {
        Path root = Project.root();
        List<Path> sources = new ArrayList<>(List.of(root.resolve("shared/src/main/java")));
        try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
            modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).forEach(sources::add);
        }
        Set<String> codes = new TreeSet<>();
        for (Path dir : sources) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("FieldCode.java")).toList()) {
                    Matcher given = GIVEN.matcher(Files.readString(file));
                    while (given.find()) {
                        codes.add(FieldCode.valueOf(given.group(1)).code());
                    }
                }
            }
        }
        return codes;
    }

    private static Set<String> declaredCodes() {
        return Arrays.stream(FieldCode.values()).map(FieldCode::code).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void openapi_yaml_documents_exactly_the_codes_of_the_closed_set_and_the_code_gives_each() throws IOException {
        assertEquals(declaredCodes(), documentedCodes(), "openapi.yaml FieldError.code enum against FieldCode");
        assertEquals(declaredCodes(), givenCodes(), "a FieldCode no code gives, or the pattern is stale");
    }

    @Test
    void every_field_code_has_words_in_every_language_with_its_parameters() throws IOException {
        Set<String> codes = new TreeSet<>(declaredCodes());
        codes.addAll(documentedCodes());
        codes.addAll(givenCodes());
        assertTrue(codes.containsAll(Set.of("required", "too-long", "wrong-code", "expired-code")), codes::toString);

        Path i18n = Project.root().resolve("web/i18n");
        List<String> failures = new ArrayList<>();
        try (Stream<Path> languages = Files.list(i18n)) {
            List<Path> all = languages.filter(Files::isDirectory).sorted().toList();
            assertTrue(all.size() >= 2, all::toString);
            for (Path language : all) {
                JsonNode common = JSON.readTree(language.resolve("common.json").toFile());
                String where = language.getFileName() + "/common.json: ";
                JsonNode unknown = common.get("field.unknown");
                if (unknown == null || !unknown.isTextual() || unknown.asText().isBlank() || !placeholders(unknown.asText()).isEmpty()) {
                    failures.add(where + "field.unknown (the words for a code the app does not know, with no placeholders)");
                }
                for (String code : codes) {
                    JsonNode text = common.get("field." + code);
                    Set<String> expected = FieldCode.of(code).map(c -> (Set<String>) new TreeSet<>(c.slots())).orElse(Set.of());
                    if (text == null || !text.isTextual() || text.asText().isBlank()) {
                        failures.add(where + "field." + code + " is missing");
                    } else if (!placeholders(text.asText()).equals(expected)) {
                        failures.add(where + "field." + code + " has " + placeholders(text.asText()) + ", the code's params are " + expected);
                    }
                }
                common.fieldNames().forEachRemaining(key -> {
                    if (key.startsWith("field.") && !key.equals("field.unknown") && !codes.contains(key.substring("field.".length()))) {
                        failures.add(where + key + " is no code");
                    }
                });
            }
        }
        assertEquals(List.of(), failures, "field codes the web app has no (right) words for");
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
