package dev.myprofile.local;

import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.text.Catalog;
import dev.myprofile.shared.text.Language;
import dev.myprofile.testkit.Project;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every text the server writes for a person (an error's detail, an email, a text message) is in a
 * module's catalog ({@code <name>_<language>.properties} under a module's {@code src/main/resources}),
 * and every catalog of the tree loads in every {@link Language}: the same keys, the same slots. A
 * catalog in one language only would let a person read a key, or English, where Swedish was due.
 */
class ServerTextsTest {

    @Test
    void every_server_catalog_has_every_text_in_english_and_swedish() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String base : catalogBases()) {
            try {
                Catalog.load(getClass().getClassLoader(), base);
            } catch (IllegalStateException e) {
                failures.add(e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), () -> "catalogs that do not load: " + failures);
    }

    /**
     * Every {@link FieldCode} a 400 can carry has its words ({@code field.<code>}) in the layer's catalog
     * or a module's, in every language, with exactly the code's named parameters; and a catalog words
     * no code that is not one. A code without words would fail a request with a 500, where a person
     * should read why a field is wrong.
     */
    @Test
    void every_field_code_has_words_in_english_and_swedish_with_its_parameters() throws IOException {
        Map<String, Catalog> catalogs = new TreeMap<>();
        for (String base : catalogBases()) {
            catalogs.put(base, Catalog.load(getClass().getClassLoader(), base));
        }
        assertTrue(catalogs.containsKey("dev/myprofile/shared/problem/texts"), () -> catalogs.keySet().toString());
        List<String> failures = new ArrayList<>();
        for (FieldCode code : FieldCode.values()) {
            List<String> worded = catalogs.entrySet().stream().filter(c -> c.getValue().keys().contains(code.key()))
                    .map(Map.Entry::getKey).toList();
            if (worded.isEmpty()) {
                failures.add(code.code() + ": in no catalog");
            }
            String[] slots = code.slots().stream().flatMap(slot -> Stream.of(slot, "<" + slot + ">")).toArray(String[]::new);
            for (String base : worded) {
                for (Language language : Language.values()) {
                    try {
                        String text = catalogs.get(base).text(language, code.key(), slots);
                        for (String slot : code.slots()) {
                            assertTrue(text.contains("<" + slot + ">"), text);
                        }
                    } catch (IllegalArgumentException e) {
                        failures.add(base + " in " + language.tag() + ": " + e.getMessage());
                    }
                }
            }
        }
        catalogs.forEach((base, catalog) -> catalog.keys().stream().filter(key -> key.startsWith("field."))
                .filter(key -> FieldCode.of(key.substring("field.".length())).isEmpty())
                .forEach(key -> failures.add(base + ": " + key + " is no FieldCode")));
        assertEquals(List.of(), failures);
    }

    /** The catalogs of the tree, as resource paths without the language ({@code dev/myprofile/x/texts}). */
    private static Set<String> catalogBases() throws IOException {
        Set<String> bases = new TreeSet<>();
        for (Path file : catalogFiles()) {
            bases.add(file.toString().replace('\\', '/').replaceFirst("_[a-z]{2}\\.properties$", ""));
        }
        return bases;
    }

    /** Each catalog's files, as resource paths, from every module's main resources. */
    private static List<Path> catalogFiles() throws IOException {
        Path root = Project.root();
        List<Path> files = new ArrayList<>();
        for (String module : List.of("shared", "functions", "local")) {
            try (Stream<Path> walk = Files.walk(root.resolve(module))) {
                walk.filter(p -> p.toString().contains("src/main/resources/"))
                        .filter(p -> p.getFileName().toString().matches(".+_[a-z]{2}\\.properties"))
                        .forEach(p -> {
                            String s = p.toString();
                            files.add(Path.of(s.substring(s.indexOf("src/main/resources/") + "src/main/resources/".length())));
                        });
            }
        }
        return files;
    }
}
