package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.testkit.Project;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web app shows a problem in the page's language, chosen by its {@code type} ({@code web/js/api.js}:
 * {@code problem.<slug>} in common.json), never the server's English {@code detail}. So every problem
 * type the server can send — read from the code ({@code Problem.of(status, "slug", …)} and the layer's
 * {@code Problem} helpers) and from openapi.yaml — has its text in every language's common.json; a new
 * type fails here until it has one.
 */
class ProblemTextsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code Problem.of(409, "device-limit", …)}, also over several lines and with a computed status. */
    private static final Pattern OF = Pattern.compile("Problem\\.of\\([^;\"]*?,\\s*\"([a-z][a-z0-9-]*)\"");
    /** Inside Problem.java: {@code of(400, "bad-request", …)} and {@code typeUri("validation")}. */
    private static final Pattern HELPER = Pattern.compile("(?:typeUri|\\bof)\\((?:[^;\"]*?,\\s*)?\"([a-z][a-z0-9-]*)\"");
    private static final Pattern DOCUMENTED = Pattern.compile("urn:myprofile:problem:([a-z0-9-]+)");

    /** Every problem type of the deployed code and of the local portal (which the web app also talks to), and of the API description. */
    static Set<String> problemTypes() throws IOException {
        Path root = Project.root();
        Set<String> types = new TreeSet<>();
        List<Path> sources = new ArrayList<>(List.of(root.resolve("shared/src/main/java"), root.resolve("local/src/main/java")));
        try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
            modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).forEach(sources::add);
        }
        for (Path dir : sources) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    Matcher of = OF.matcher(source);
                    while (of.find()) {
                        types.add(of.group(1));
                    }
                    if (file.endsWith(Path.of("shared", "problem", "Problem.java"))) {
                        Matcher helper = HELPER.matcher(source);
                        while (helper.find()) {
                            types.add(helper.group(1));
                        }
                    }
                }
            }
        }
        Matcher documented = DOCUMENTED.matcher(Files.readString(root.resolve("openapi.yaml")));
        while (documented.find()) {
            types.add(documented.group(1));
        }
        return types;
    }

    @Test
    void every_problem_type_the_server_can_send_has_a_text_in_every_language() throws IOException {
        Set<String> types = problemTypes();
        // The helpers' types and some of the handlers': the patterns still find what they should.
        assertTrue(types.containsAll(Set.of("validation", "bad-request", "not-found", "unavailable", "device-limit",
                "renamed-elsewhere", "stale-version", "step-up-required")), types::toString);
        assertTrue(types.size() >= 35, () -> "too few problem types found: is a pattern stale? " + types);

        Path i18n = Project.root().resolve("web/i18n");
        List<String> missing = new ArrayList<>();
        try (Stream<Path> languages = Files.list(i18n)) {
            List<Path> all = languages.filter(Files::isDirectory).sorted().toList();
            assertTrue(all.size() >= 2, all::toString);
            for (Path language : all) {
                JsonNode common = JSON.readTree(language.resolve("common.json").toFile());
                for (String type : types) {
                    JsonNode text = common.get("problem." + type);
                    if (text == null || !text.isTextual() || text.asText().isBlank()) {
                        missing.add(language.getFileName() + "/common.json: problem." + type);
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "problem types the web app has no words for");
    }
}
