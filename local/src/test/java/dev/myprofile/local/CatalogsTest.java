package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web app's texts, web/i18n/&lt;language&gt;/&lt;page&gt;.json, against each other and against the
 * code: every language has the same page files with the same keys and placeholders, and every key the
 * code names is in a catalog that is loaded when that code runs (common.json always, a page's own
 * file with the page). A missing text would otherwise show the person its key.
 */
class CatalogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WEB = projectRoot().resolve("web");
    private static final String COMMON = "common";

    /** t('key' …) with a string-literal key; a template literal with ${…} names no one key. */
    private static final Pattern T_CALL = Pattern.compile("(?<![\\w$.])t\\(\\s*(['\"`])([^'\"`$\\s]+)\\1");
    private static final Pattern DATA_I18N = Pattern.compile("data-i18n(?:-aria-label)?=\"([^\"]+)\"");
    private static final Pattern LANGUAGES = Pattern.compile("const LANGUAGES = \\[([^\\]]*)\\]");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)\\}");

    /** Language → page → key → text. */
    private final Map<String, Map<String, Map<String, String>>> catalogs = readCatalogs();

    @Test
    void every_language_has_the_same_page_files() {
        Set<String> pages = allPages();
        List<String> missing = new ArrayList<>();
        catalogs.forEach((language, files) -> pages.stream()
                .filter(page -> !files.containsKey(page))
                .forEach(page -> missing.add("i18n/" + language + "/" + page + ".json")));

        assertTrue(missing.isEmpty(), () -> "page files another language has: " + missing);
    }

    @Test
    void every_page_file_has_the_same_keys_in_every_language() {
        List<String> missing = new ArrayList<>();
        for (String page : allPages()) {
            Set<String> keys = new TreeSet<>();
            catalogs.values().forEach(files -> keys.addAll(files.getOrDefault(page, Map.of()).keySet()));
            catalogs.forEach((language, files) -> {
                Map<String, String> texts = files.get(page);
                if (texts != null) {
                    keys.stream().filter(key -> !texts.containsKey(key))
                            .forEach(key -> missing.add("i18n/" + language + "/" + page + ".json lacks " + key));
                }
            });
        }

        assertTrue(missing.isEmpty(), () -> "keys another language has: " + missing);
    }

    @Test
    void a_key_is_in_one_page_file_only() {
        List<String> twice = new ArrayList<>();
        catalogs.forEach((language, files) -> {
            Map<String, String> pageOf = new HashMap<>();
            files.forEach((page, texts) -> texts.keySet().forEach(key -> {
                String other = pageOf.putIfAbsent(key, page);
                if (other != null) {
                    twice.add(language + ": " + key + " in " + other + ".json and " + page + ".json");
                }
            }));
        });

        assertTrue(twice.isEmpty(), () -> "keys in two page files: " + twice);
    }

    @Test
    void a_text_has_the_same_placeholders_in_every_language() {
        List<String> differ = new ArrayList<>();
        for (String page : allPages()) {
            Map<String, Map<String, Set<String>>> placeholders = new TreeMap<>();
            catalogs.forEach((language, files) -> files.getOrDefault(page, Map.of()).forEach((key, text) ->
                    placeholders.computeIfAbsent(key, k -> new TreeMap<>()).put(language, placeholders(text))));
            placeholders.forEach((key, byLanguage) -> {
                if (byLanguage.values().stream().distinct().count() > 1) {
                    differ.add(page + ".json " + key + " " + byLanguage);
                }
            });
        }

        assertTrue(differ.isEmpty(), () -> "placeholders that differ between languages: " + differ);
    }

    @Test
    void every_key_the_code_names_is_in_a_catalog() throws IOException {
        Set<String> known = new TreeSet<>();
        catalogs.values().forEach(files -> files.values().forEach(texts -> known.addAll(texts.keySet())));

        Map<String, Set<String>> named = keysNamedByModules();
        named.put("index.html", matches(DATA_I18N, Files.readString(WEB.resolve("index.html"))));
        List<String> unknown = new ArrayList<>();
        named.forEach((file, keys) -> keys.stream().filter(key -> !known.contains(key))
                .forEach(key -> unknown.add(file + ": " + key)));

        assertFalse(named.values().stream().allMatch(Set::isEmpty), "found no t('…') calls in web/js: is the pattern stale?");
        assertTrue(unknown.isEmpty(), () -> "keys in no catalog: " + unknown);
    }

    /**
     * A page module (web/js/devices.js) can rely on common.json and its own file (devices.json), which
     * the router loads with it; any other module, and index.html, only on common.json.
     */
    @Test
    void a_module_names_only_keys_of_the_catalogs_loaded_with_it() throws IOException {
        Map<String, Map<String, String>> english = catalogs.get("en");
        Map<String, Set<String>> named = keysNamedByModules();
        named.put("index.html", matches(DATA_I18N, Files.readString(WEB.resolve("index.html"))));

        List<String> unloaded = new ArrayList<>();
        named.forEach((file, keys) -> {
            // A page's parts in a folder of its name (web/js/security-info/phone.js) are loaded with it.
            String own = file.replaceFirst("/.*$", "").replaceFirst("\\.js$", "");
            for (String key : keys) {
                boolean loaded = english.get(COMMON).containsKey(key)
                        || (!own.equals(COMMON) && english.getOrDefault(own, Map.of()).containsKey(key));
                if (!loaded) {
                    english.entrySet().stream().filter(e -> e.getValue().containsKey(key)).findFirst()
                            .ifPresent(e -> unloaded.add(file + ": " + key + " is in " + e.getKey() + ".json"));
                }
            }
        });

        assertTrue(unloaded.isEmpty(), () -> "keys in a catalog not loaded with the code naming them: " + unloaded);
    }

    @Test
    void i18n_js_offers_exactly_the_languages_with_catalogs() throws IOException {
        Matcher declared = LANGUAGES.matcher(Files.readString(WEB.resolve("js/i18n.js")));
        assertTrue(declared.find(), "i18n.js declares const LANGUAGES = ['en', …]");
        Set<String> offered = Arrays.stream(declared.group(1).split(","))
                .map(part -> part.trim().replaceAll("^['\"]|['\"]$", ""))
                .filter(part -> !part.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(catalogs.keySet(), offered);
        assertTrue(offered.contains("en"), "English is the fallback for every text");
    }

    // Reading ---------------------------------------------------------------------------------------

    private Set<String> allPages() {
        Set<String> pages = new TreeSet<>();
        catalogs.values().forEach(files -> pages.addAll(files.keySet()));
        return pages;
    }

    /** Module path under web/js (like devices.js, security-info/phone.js) → the keys its t('…') calls name. */
    private static Map<String, Set<String>> keysNamedByModules() throws IOException {
        Map<String, Set<String>> named = new TreeMap<>();
        Path js = WEB.resolve("js");
        try (Stream<Path> files = Files.walk(js)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).sorted().toList()) {
                named.put(js.relativize(file).toString().replace('\\', '/'), matches(T_CALL, Files.readString(file)));
            }
        }
        return named;
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(matcher.groupCount()));
        }
        return found;
    }

    private static Set<String> placeholders(String text) {
        return matches(PLACEHOLDER, text);
    }

    private static Map<String, Map<String, Map<String, String>>> readCatalogs() {
        Path root = WEB.resolve("i18n");
        Map<String, Map<String, Map<String, String>>> catalogs = new TreeMap<>();
        try (Stream<Path> languages = Files.list(root)) {
            for (Path language : languages.filter(Files::isDirectory).sorted().toList()) {
                Map<String, Map<String, String>> pages = new TreeMap<>();
                try (Stream<Path> files = Files.list(language)) {
                    for (Path file : files.sorted().toList()) {
                        String name = file.getFileName().toString();
                        assertTrue(name.endsWith(".json"), () -> "only <page>.json files in " + root.relativize(language) + ": " + name);
                        pages.put(name.substring(0, name.length() - ".json".length()), texts(file));
                    }
                }
                catalogs.put(language.getFileName().toString(), pages);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + root, e);
        }
        assertTrue(catalogs.size() >= 2 && catalogs.containsKey("en"), () -> "languages under " + root + ": " + catalogs.keySet());
        assertTrue(catalogs.get("en").containsKey(COMMON), "en/common.json holds the shell's texts");
        return catalogs;
    }

    private static Map<String, String> texts(Path file) throws IOException {
        JsonNode json = JSON.readTree(file.toFile());
        assertTrue(json != null && json.isObject(), () -> file + " is a JSON object");
        Map<String, String> texts = new LinkedHashMap<>();
        json.fields().forEachRemaining(field -> {
            assertTrue(field.getValue().isTextual(), () -> file + ": " + field.getKey() + " is a text");
            texts.put(field.getKey(), field.getValue().asText());
        });
        return texts;
    }

    /** The nearest folder at or above the working directory that holds template.yaml. */
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no template.yaml at or above " + Path.of("").toAbsolutePath());
    }
}
