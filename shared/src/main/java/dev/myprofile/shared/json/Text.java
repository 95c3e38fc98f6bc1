package dev.myprofile.shared.json;

import java.text.Normalizer;
import java.util.Optional;

/**
 * What a text field may hold, so that no stored name can impersonate another or break a page: valid
 * Unicode only (an unpaired surrogate is valid JSON but not text, and DynamoDB cannot store it), no
 * control or format characters (bidi overrides and isolates, zero-width characters, byte-order
 * marks, line and paragraph separators, noncharacters), and one normal form (NFC), so two names that
 * look the same are the same string.
 *
 * <p>A consequence worth knowing: emoji sequences joined with U+200D (ZERO WIDTH JOINER) and the
 * tag characters of subdivision flags are refused with the other format characters.
 */
public final class Text {
    private Text() {}

    /** Why {@code raw} is not acceptable text, or empty when it is; checked before normalising. */
    public static Optional<String> problem(String raw) {
        for (int i = 0; i < raw.length(); ) {
            int codePoint = raw.codePointAt(i);
            if (Character.getType(codePoint) == Character.SURROGATE) {
                return Optional.of("must be valid Unicode text (it holds an unpaired surrogate)");
            }
            if (forbidden(codePoint)) {
                return Optional.of("must not contain control or invisible formatting characters ("
                        + String.format("U+%04X", codePoint) + ")");
            }
            i += Character.charCount(codePoint);
        }
        return Optional.empty();
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
