package dev.myprofile.shared.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module's server texts in every {@link Language}: one UTF-8 properties file per language beside the
 * class that owns them ({@code texts_en.properties}, {@code texts_sv.properties} in its package), read
 * once when the catalog is built (at class initialisation, so before a SnapStart snapshot). Building it
 * fails when a language lacks a key another has, or when a text's {@code {placeholders}} differ between
 * languages, so a missing translation cannot reach a person. {@link #text} fills {@code {name}} slots.
 */
public final class Catalog {
    private static final Pattern SLOT = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final String name;
    private final Map<Language, Map<String, String>> texts;

    private Catalog(String name, Map<Language, Map<String, String>> texts) {
        this.name = name;
        this.texts = texts;
    }

    /** The catalog {@code baseName} beside {@code owner}: {@code <owner's package>/<baseName>_<tag>.properties}. */
    public static Catalog load(Class<?> owner, String baseName) {
        return load(owner.getClassLoader(), owner.getPackageName().replace('.', '/') + "/" + baseName);
    }

    /** The catalog at the resource path {@code name} ({@code dev/myprofile/x/texts}) in {@code loader}. */
    public static Catalog load(ClassLoader loader, String name) {
        Map<Language, Map<String, String>> texts = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            String file = name + "_" + language.tag() + ".properties";
            try (InputStream in = loader.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("No " + file);
                }
                Properties properties = new Properties();
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                Map<String, String> map = new HashMap<>();
                properties.forEach((k, v) -> map.put((String) k, (String) v));
                texts.put(language, Map.copyOf(map));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Catalog catalog = new Catalog(name, texts);
        catalog.check();
        return catalog;
    }

    private void check() {
        Map<String, String> english = texts.get(Language.EN);
        for (Language language : Language.values()) {
            Map<String, String> these = texts.get(language);
            Set<String> missing = new TreeSet<>(english.keySet());
            missing.removeAll(these.keySet());
            Set<String> extra = new TreeSet<>(these.keySet());
            extra.removeAll(english.keySet());
            if (!missing.isEmpty() || !extra.isEmpty()) {
                throw new IllegalStateException(name + " in " + language.tag() + ": missing " + missing + ", not in English " + extra);
            }
            for (Map.Entry<String, String> text : these.entrySet()) {
                if (!slots(text.getValue()).equals(slots(english.get(text.getKey())))) {
                    throw new IllegalStateException(name + " in " + language.tag() + ": " + text.getKey()
                            + " has slots " + slots(text.getValue()) + ", English has " + slots(english.get(text.getKey())));
                }
            }
        }
    }

    private static Set<String> slots(String text) {
        Set<String> slots = new TreeSet<>();
        Matcher m = SLOT.matcher(text);
        while (m.find()) {
            slots.add(m.group(1));
        }
        return slots;
    }

    /** The keys, the same in every language. */
    public Set<String> keys() {
        return texts.get(Language.EN).keySet();
    }

    /**
     * The text {@code key} in {@code language}, its slots filled from {@code slots} given as name, value
     * pairs ({@code "at", when, "name", name}). A key the catalog lacks, a slot left unfilled or a value
     * given for no slot is a programming error and throws.
     */
    public String text(Language language, String key, String... slots) {
        String text = texts.get(language).get(key);
        if (text == null) {
            throw new IllegalArgumentException(name + " has no text " + key);
        }
        if (slots.length % 2 != 0) {
            throw new IllegalArgumentException("slots come in name, value pairs");
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < slots.length; i += 2) {
            values.put(slots[i], slots[i + 1]);
        }
        if (!slots(text).equals(values.keySet())) {
            throw new IllegalArgumentException(name + "'s " + key + " has slots " + slots(text) + ", given " + values.keySet());
        }
        Matcher m = SLOT.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 64);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
