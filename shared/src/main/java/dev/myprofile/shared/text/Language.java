package dev.myprofile.shared.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the server writes in, and the one rule that picks the person's: the language saved on
 * their profile when we speak it; otherwise the first language of the request's {@code Accept-Language}
 * we speak, by its weight; otherwise English. Every text the server writes for a person (an error's
 * detail, an email, a text message) is chosen by {@link #choose}, so nothing decides it twice.
 */
public enum Language {
    EN("en"),
    SV("sv");

    private final String tag;

    Language(String tag) {
        this.tag = tag;
    }

    /** The BCP 47 tag: {@code en}, {@code sv}. */
    public String tag() {
        return tag;
    }

    /** The language a tag names, by its primary subtag ({@code sv-SE} is Swedish); empty when we don't speak it. */
    public static Optional<Language> of(String languageTag) {
        if (languageTag == null) {
            return Optional.empty();
        }
        String primary = languageTag.trim().toLowerCase(Locale.ROOT);
        int dash = primary.indexOf('-');
        if (dash >= 0) {
            primary = primary.substring(0, dash);
        }
        for (Language language : values()) {
            if (language.tag.equals(primary)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }

    /** The one rule: the profile's language, else {@code Accept-Language}'s first we speak, else English. */
    public static Language choose(Optional<String> profileLanguage, Optional<String> acceptLanguage) {
        return profileLanguage.flatMap(Language::of)
                .or(() -> acceptLanguage.flatMap(Language::firstAccepted))
                .orElse(EN);
    }

    /** The first language of an {@code Accept-Language} header we speak, highest weight first, ties in order; {@code q=0} refuses. */
    static Optional<Language> firstAccepted(String header) {
        record Range(String tag, double weight, int order) {}
        List<Range> ranges = new ArrayList<>();
        String[] parts = header.split(",", 32);
        for (int i = 0; i < parts.length; i++) {
            String[] fields = parts[i].split(";");
            double weight = 1.0;
            for (int f = 1; f < fields.length; f++) {
                String field = fields[f].trim();
                if (field.startsWith("q=") || field.startsWith("Q=")) {
                    try {
                        weight = Double.parseDouble(field.substring(2));
                    } catch (NumberFormatException e) {
                        weight = 0;
                    }
                }
            }
            if (weight > 0) {
                ranges.add(new Range(fields[0].trim(), weight, i));
            }
        }
        ranges.sort((a, b) -> a.weight != b.weight ? Double.compare(b.weight, a.weight) : Integer.compare(a.order, b.order));
        for (Range range : ranges) {
            Optional<Language> language = of(range.tag);
            if (language.isPresent()) {
                return language;
            }
        }
        return Optional.empty();
    }
}
