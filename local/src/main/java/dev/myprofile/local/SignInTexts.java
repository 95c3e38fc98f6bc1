package dev.myprofile.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the local sign-in says, in the language the app asked for: catalogs beside the code
 * ({@code sign-in/<language>.json}, one key set in every language, as the web app's), and the
 * language from the authorization request's {@code lang} (managed login's parameter) or OpenID
 * Connect's {@code ui_locales}; English otherwise.
 */
record SignInTexts(String language, Map<String, String> texts) {
    static final List<String> LANGUAGES = List.of("en", "sv");
    private static final String DEFAULT = "en";
    private static final Map<String, SignInTexts> CATALOGS = load();

    private static Map<String, SignInTexts> load() {
        ObjectMapper json = new ObjectMapper();
        Map<String, SignInTexts> catalogs = new LinkedHashMap<>();
        for (String language : LANGUAGES) {
            try (InputStream in = SignInTexts.class.getResourceAsStream("sign-in/" + language + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("sign-in/" + language + ".json is missing");
                }
                catalogs.put(language, new SignInTexts(language, Map.copyOf(json.readValue(in, new TypeReference<Map<String, String>>() {}))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(catalogs);
    }

    /** The texts in {@code language} (a tag such as sv or sv-SE), or English. */
    static SignInTexts in(String language) {
        String primary = language == null ? "" : language.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        return CATALOGS.getOrDefault(primary, CATALOGS.get(DEFAULT));
    }

    /** The language an authorization request asks for: {@code lang}, else the first of {@code ui_locales} we speak. */
    static String requested(Map<String, String> query) {
        if (query.containsKey("lang")) {
            return in(query.get("lang")).language();
        }
        for (String tag : query.getOrDefault("ui_locales", "").strip().split("\\s+")) {
            SignInTexts texts = in(tag);
            if (texts.language().equals(tag.split("[-_]", 2)[0].toLowerCase(Locale.ROOT))) {
                return texts.language();
            }
        }
        return DEFAULT;
    }

    /** The text for {@code key}, with {@code {name}} placeholders filled from name, value pairs. */
    String t(String key, String... nameValues) {
        String text = texts.get(key);
        if (text == null) {
            throw new IllegalArgumentException("no sign-in text " + key + " in " + language);
        }
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            text = text.replace("{" + nameValues[i] + "}", nameValues[i + 1]);
        }
        return text;
    }
}
