package dev.myprofile.shared.text;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * A moment as a person reads it in a message (an email, a text): the date in words and the time in
 * their language's own form, in their time zone, with the zone named ("5 december 2026 06:46 UTC",
 * "December 5, 2026, 6:46 AM UTC"), never the ISO form the API speaks. The portal keeps no time zone of
 * the person, so the zone is UTC, said outright.
 */
public final class WrittenTime {
    private WrittenTime() {}

    /** {@code at} in the language {@code languageTag} (BCP 47; English when blank), in UTC. */
    public static String of(Instant at, String languageTag) {
        return of(at, languageTag, ZoneId.of("UTC"));
    }

    public static String of(Instant at, String languageTag, ZoneId zone) {
        Locale locale = languageTag == null || languageTag.isBlank() ? Locale.ENGLISH : Locale.forLanguageTag(languageTag);
        String written = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(locale).withZone(zone).format(at);
        return written + " " + zone.getDisplayName(java.time.format.TextStyle.SHORT, locale);
    }
}
