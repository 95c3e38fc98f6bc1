package dev.myprofile.shared.json;

import dev.myprofile.shared.problem.FieldCode;

import java.text.Normalizer;
import java.util.Optional;

/**
 * What a text field may hold, so that no stored name can impersonate another or break a page: valid
 * Unicode only (an unpaired surrogate is valid JSON but not text, and DynamoDB cannot store it), no
 * control or format characters (bidi overrides and isolates, zero-width characters, byte-order
 * marks, line and paragraph separators, noncharacters), and one normal form (NFC), so two names that
 * look the same are the same string.
 *
 * <p>Format characters that are ordinary text where they stand are kept, since they cannot make one
 * name look like another there: U+200D (ZERO WIDTH JOINER) inside an emoji sequence ("👩‍🔬"), the
 * tag characters of a subdivision flag after U+1F3F4, and a joiner or non-joiner after a virama
 * (RFC 5892's rule for Indic scripts) or, for the non-joiner, between two Arabic-script letters (as
 * Persian writes it). Anywhere else they are refused. A refusal never names a code point: the person
 * reads words.
 */
public final class Text {
    private Text() {}

    /** Why {@code raw} is not acceptable text, or empty when it is; checked before normalising. */
    public static Optional<FieldCode> problem(String raw) {
        for (int i = 0; i < raw.length(); ) {
            int codePoint = raw.codePointAt(i);
            if (Character.getType(codePoint) == Character.SURROGATE) {
                return Optional.of(FieldCode.INVALID_UNICODE);
            }
            if (forbidden(codePoint) && !ordinaryHere(raw, i, codePoint)) {
                return Optional.of(FieldCode.INVISIBLE_CHARACTERS);
            }
            i += Character.charCount(codePoint);
        }
        return Optional.empty();
    }

    private static final int ZWJ = 0x200D;
    private static final int ZWNJ = 0x200C;
    private static final int BLACK_FLAG = 0x1F3F4;
    private static final int CANCEL_TAG = 0xE007F;

    /** Whether the format character at {@code index} is part of ordinary text where it stands. */
    private static boolean ordinaryHere(String raw, int index, int codePoint) {
        int before = index == 0 ? -1 : raw.codePointBefore(index);
        int after = index + Character.charCount(codePoint) < raw.length()
                ? raw.codePointAt(index + Character.charCount(codePoint)) : -1;
        if (codePoint == ZWJ || codePoint == ZWNJ) {
            if (before >= 0 && isVirama(before)) {
                return true;
            }
            if (codePoint == ZWNJ) {
                return before >= 0 && after >= 0 && arabicLetter(before) && arabicLetter(after);
            }
            return emojiBefore(raw, index) && after >= 0 && pictographic(after);
        }
        if (codePoint >= 0xE0020 && codePoint <= CANCEL_TAG) {
            return inFlagTagSequence(raw, index);
        }
        return false;
    }

    /** An emoji ends just before {@code index}, possibly with its presentation selector or a skin tone. */
    private static boolean emojiBefore(String raw, int index) {
        int i = index;
        while (i > 0) {
            int c = raw.codePointBefore(i);
            if (c == 0xFE0F || (c >= 0x1F3FB && c <= 0x1F3FF)) {
                i -= Character.charCount(c);
                continue;
            }
            return pictographic(c);
        }
        return false;
    }

    /** A tag character of a subdivision flag: after U+1F3F4 and tags only, and followed by tags up to CANCEL TAG. */
    private static boolean inFlagTagSequence(String raw, int index) {
        int i = index;
        while (i > 0) {
            int c = raw.codePointBefore(i);
            if (c == BLACK_FLAG) {
                break;
            }
            if (c < 0xE0020 || c >= CANCEL_TAG) {
                return false;
            }
            i -= Character.charCount(c);
        }
        if (i == 0) {
            return false;
        }
        for (int j = index; j < raw.length(); ) {
            int c = raw.codePointAt(j);
            if (c == CANCEL_TAG) {
                return true;
            }
            if (c < 0xE0020 || c > CANCEL_TAG) {
                return false;
            }
            j += Character.charCount(c);
        }
        return false;
    }

    /**
     * Emoji that join into sequences (Unicode's Extended_Pictographic, in the blocks where it lies;
     * Java 17 has no property for it).
     */
    static boolean pictographic(int c) {
        return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0x2300 && c <= 0x23FF)
                || (c >= 0x2B00 && c <= 0x2BFF) || c == 0x00A9 || c == 0x00AE || c == 0x203C || c == 0x2049
                || c == 0x2122 || c == 0x2139 || (c >= 0x2194 && c <= 0x21AA) || c == 0x3030 || c == 0x303D;
    }

    /** The viramas of the Indic scripts, after which a joiner or non-joiner chooses a conjunct's form. */
    private static boolean isVirama(int c) {
        return c == 0x094D || c == 0x09CD || c == 0x0A4D || c == 0x0ACD || c == 0x0B4D || c == 0x0BCD
                || c == 0x0C4D || c == 0x0CCD || c == 0x0D4D || c == 0x0DCA || c == 0x1039 || c == 0x17D2;
    }

    private static boolean arabicLetter(int c) {
        return Character.isLetter(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.ARABIC;
    }

    /** The stored form of acceptable text: NFC, without surrounding white space. */
    public static String normalize(String raw) {
        return Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
    }

    static boolean forbidden(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> isNoncharacter(codePoint);
        };
    }

    /** U+FDD0..U+FDEF and the last two code points of every plane, never meant for interchange. */
    private static boolean isNoncharacter(int codePoint) {
        return (codePoint >= 0xFDD0 && codePoint <= 0xFDEF) || (codePoint & 0xFFFE) == 0xFFFE;
    }
}
