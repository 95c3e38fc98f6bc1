package dev.myprofile.shared.json;

import dev.myprofile.shared.problem.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Text fields, as a property over many generated strings rather than a few examples. The usual
 * fuzzers' string strategies produce well-formed UTF-16 only, so this generator is built to produce
 * what an attacker sends: unpaired surrogates, bidi overrides and isolates, zero-width characters,
 * byte-order marks, controls, separators and noncharacters, mixed into ordinary letters, combining
 * marks (which NFC composes) and astral characters — each string sent as JSON {@code \\u} escapes,
 * exactly as a client can.
 */
class TextPropertyTest {
    private static final int MAX = 12;
    private static final ObjectSchema SCHEMA = ObjectSchema.builder().string("name", MAX, false).build();
    private static final long SEED = 0x14_0001L;
    private static final int SAMPLES = 20_000;

    /** Where a piece of a generated string comes from; the clean kinds alone make acceptable text. */
    private enum Kind {
        LETTERS(true), COMBINING(true), ASTRAL(true), SPACE(true),
        LONE_HIGH_SURROGATE(false), LONE_LOW_SURROGATE(false), BIDI(false), ZERO_WIDTH(false),
        CONTROL(false), SEPARATOR(false), NONCHARACTER(false);

        final boolean clean;

        Kind(boolean clean) {
            this.clean = clean;
        }
    }

    private static final String LETTERS = "abcXYZ019 éÅßжλあ한中";
    private static final int[] COMBINING = {0x0301, 0x0308, 0x030A, 0x0327, 0x1161};
    private static final int[] ASTRAL = {0x1F600, 0x1D538, 0x20BB7, 0x1F44D};
    private static final int[] SPACES = {' ', 0x00A0, 0x3000, 0x2003};
    private static final int[] BIDI = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C};
    private static final int[] ZERO_WIDTH = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD};
    private static final int[] CONTROLS = {0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x85, 0x9F};
    private static final int[] SEPARATORS = {0x2028, 0x2029};
    private static final int[] NONCHARACTERS = {0xFFFE, 0xFFFF, 0xFDD0, 0xFDEF, 0x1FFFE};

    private record Sample(String text, boolean clean) {}

    private static Sample generate(SplittableRandom random) {
        // Half the strings are built from clean pieces only, so the accepting side is exercised too.
        boolean onlyClean = random.nextBoolean();
        Kind[] kinds = Kind.values();
        StringBuilder text = new StringBuilder();
        boolean clean = true;
        int pieces = random.nextInt(0, 10);
        for (int i = 0; i < pieces; i++) {
            Kind kind;
            do {
                kind = kinds[random.nextInt(kinds.length)];
            } while (onlyClean && !kind.clean);
            clean &= kind.clean;
            switch (kind) {
                case LETTERS -> text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
                case COMBINING -> text.appendCodePoint(pick(random, COMBINING));
                case ASTRAL -> text.appendCodePoint(pick(random, ASTRAL));
                case SPACE -> text.appendCodePoint(pick(random, SPACES));
                case LONE_HIGH_SURROGATE -> {
                    text.append((char) random.nextInt(0xD800, 0xDC00));
                    // Never followed by a low surrogate, which would make a valid pair, not a lone one.
                    if (i + 1 < pieces) {
                        text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
                    }
                }
                case LONE_LOW_SURROGATE -> text.append((char) random.nextInt(0xDC00, 0xE000));
                case BIDI -> text.appendCodePoint(pick(random, BIDI));
                case ZERO_WIDTH -> {
                    int invisible = pick(random, ZERO_WIDTH);
                    // A joiner after a letter joins nothing (after an emoji it may be ordinary text: below).
                    if (invisible == 0x200D || invisible == 0x200C) {
                        text.append('a');
                    }
                    text.appendCodePoint(invisible);
                }
                case CONTROL -> text.appendCodePoint(pick(random, CONTROLS));
                case SEPARATOR -> text.appendCodePoint(pick(random, SEPARATORS));
                case NONCHARACTER -> text.appendCodePoint(pick(random, NONCHARACTERS));
            }
        }
        return new Sample(text.toString(), clean);
    }

    private static int pick(SplittableRandom random, int[] values) {
        return values[random.nextInt(values.length)];
    }

    private static boolean isWellFormed(String s) {
        return s.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE);
    }

    /** JSON with every character outside printable ASCII as a \\u escape (the only way to send a lone surrogate). */
    private static byte[] body(String text) {
        StringBuilder json = new StringBuilder("{\"name\":\"");
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void every_string_is_either_refused_naming_the_field_or_stored_as_valid_normalised_visible_text() {
        SplittableRandom random = new SplittableRandom(SEED);
        Map<Kind, Integer> seen = new EnumMap<>(Kind.class);
        int accepted = 0;
        int refusedAsText = 0;
        for (int i = 0; i < SAMPLES; i++) {
            Sample sample = generate(random);
            String context = "sample " + i + " of seed " + SEED + ": " + escaped(sample.text());
            Optional<String> stored;
            try {
                stored = SCHEMA.parse(body(sample.text())).string("name");
            } catch (Problem problem) {
                assertEquals(400, problem.status(), context);
                assertEquals(List.of("name"), problem.errors().stream().map(Problem.FieldError::field).toList(), context);
                stored = Optional.empty();
                if (!sample.clean()) {
                    refusedAsText++;
                }
            }
            String expected = Normalizer.normalize(sample.text(), Normalizer.Form.NFC).strip();
            boolean fits = !expected.isEmpty() && expected.codePointCount(0, expected.length()) <= MAX;
            if (stored.isPresent()) {
                accepted++;
                String value = stored.get();
                assertTrue(sample.clean(), () -> "accepted text that is not clean: " + context);
                assertTrue(isWellFormed(value), context);
                assertTrue(Normalizer.isNormalized(value, Normalizer.Form.NFC), context);
                assertTrue(value.codePoints().noneMatch(Text::forbidden), context);
                assertEquals(value.strip(), value, context);
                assertEquals(expected, value, context);
            } else {
                assertFalse(sample.clean() && fits, () -> "refused clean text: " + context);
            }
            sample.text().codePoints().forEach(c -> seen.merge(kindOf(c), 1, Integer::sum));
        }
        // The generator really did produce every kind, and both answers, so the property is not vacuous.
        for (Kind kind : Kind.values()) {
            assertTrue(seen.getOrDefault(kind, 0) > 100, () -> "too few " + kind + ": " + seen);
        }
        assertTrue(accepted > SAMPLES / 5, "accepted " + accepted);
        assertTrue(refusedAsText > SAMPLES / 5, "refused " + refusedAsText);
    }

    private static Kind kindOf(int c) {
        if (c >= 0xD800 && c < 0xDC00) return Kind.LONE_HIGH_SURROGATE;
        if (c >= 0xDC00 && c < 0xE000) return Kind.LONE_LOW_SURROGATE;
        if (contains(BIDI, c)) return Kind.BIDI;
        if (contains(ZERO_WIDTH, c)) return Kind.ZERO_WIDTH;
        if (contains(CONTROLS, c)) return Kind.CONTROL;
        if (contains(SEPARATORS, c)) return Kind.SEPARATOR;
        if (contains(NONCHARACTERS, c)) return Kind.NONCHARACTER;
        if (contains(COMBINING, c)) return Kind.COMBINING;
        if (contains(ASTRAL, c)) return Kind.ASTRAL;
        if (contains(SPACES, c)) return Kind.SPACE;
        return Kind.LETTERS;
    }

    private static boolean contains(int[] values, int c) {
        for (int v : values) {
            if (v == c) {
                return true;
            }
        }
        return false;
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c < 0x20 || c > 0x7E ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }

    @Test
    void the_examples_of_the_issue_are_refused_naming_the_field() {
        for (String attack : List.of("x\ud800", "\udc00x", "Ada\u202Egnp.exe", "Ad\u200Ba", "\uFEFFAda", "A\u2066da\u2069",
                "Ada\u2028Lovelace", "Ada\u0000")) {
            Problem problem = org.junit.jupiter.api.Assertions.assertThrows(Problem.class, () -> SCHEMA.parse(body(attack)),
                    escaped(attack));
            assertEquals("name", problem.errors().get(0).field());
        }
    }

    @Test
    void names_that_look_the_same_are_stored_the_same() {
        String composed = SCHEMA.parse(body("Zo\u00EB")).string("name").orElseThrow();
        String decomposed = SCHEMA.parse(body("Zoe\u0308")).string("name").orElseThrow();
        assertEquals(composed, decomposed);
        if (!composed.equals("Zo\u00EB")) {
            fail("NFC composes e + U+0308 into U+00EB");
        }
    }

    @Test
    void a_joiner_inside_an_emoji_sequence_a_flag_or_a_word_that_needs_it_is_ordinary_text() {
        for (String name : List.of("Grace \uD83D\uDC69\u200D\uD83D\uDD2C", // woman scientist
                "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08 Team", // rainbow flag
                "\uD83D\uDC68\uD83C\uDFFD\u200D\uD83D\uDCBB", // man technologist, medium skin tone
                "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F", // Scotland's flag
                "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", // Persian "mi-khaham": the non-joiner is spelling
                "\u0915\u094D\u200D\u0937")) { // Devanagari: a half form after the virama
            Problem refused = null;
            try {
                SCHEMA.parse(body(name));
            } catch (Problem problem) {
                refused = problem;
            }
            Problem shown = refused;
            assertTrue(shown == null || shown.errors().stream().noneMatch(e -> e.message().contains("invisible")),
                    () -> escaped(name) + " refused: " + shown.errors());
            assertEquals(Optional.empty(), Text.problem(name), escaped(name));
        }
    }

    @Test
    void a_joiner_where_it_joins_nothing_is_refused_in_words_without_a_code_point() {
        for (String attack : List.of("pay\u200Dpal", "\u200D\uD83D\uDC4D", "\uD83D\uDC4D\u200D", "Ada\u200C",
                "a\u200Cb", "Ada\uDB40\uDC67\uDB40\uDC7F", "\uD83C\uDFF4\uDB40\uDC67")) {
            Problem problem = org.junit.jupiter.api.Assertions.assertThrows(Problem.class, () -> SCHEMA.parse(body(attack)),
                    escaped(attack));
            String message = problem.errors().get(0).message();
            assertEquals("must not contain control or invisible formatting characters, which can make one name look like another",
                    message, escaped(attack));
            assertFalse(message.contains("U+"), message);
        }
    }
}
