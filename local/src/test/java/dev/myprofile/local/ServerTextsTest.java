package dev.myprofile.local;

import dev.myprofile.shared.text.Catalog;
import dev.myprofile.shared.text.Language;
import dev.myprofile.testkit.Project;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
        java.util.Set<String> bases = new java.util.TreeSet<>();
        for (Path file : catalogFiles()) {
            bases.add(file.toString().replace('\\', '/').replaceFirst("_[a-z]{2}\\.properties$", ""));
        }
        for (String base : bases) {
            try {
                Catalog.load(getClass().getClassLoader(), base);
            } catch (IllegalStateException e) {
                failures.add(e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), () -> "catalogs that do not load: " + failures);
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
