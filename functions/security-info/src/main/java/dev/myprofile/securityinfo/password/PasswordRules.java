package dev.myprofile.securityinfo.password;

import dev.myprofile.securityinfo.Texts;

import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.problem.Problem.FieldError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * SECURITY.md's password rules, checked before the sign-in service sees the new password, each
 * refusal naming its rule: 12 to 256 characters (Unicode, NFKC-normalised, counted in code points),
 * not on the bundled list of common passwords (49,233 from zxcvbn-ts, MIT), not containing the
 * person's name or the local part of their email, not the current password. No composition rules, no
 * expiry. The list is also compared after undoing what people do to a common password to pass
 * composition rules (capitals, "@" for "a", digits and symbols at its ends): "Password123!" is as
 * common as "password". The reasons are in the reader's language (the module's catalog).
 */
public final class PasswordRules {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;
    /** Names and local parts shorter than this are too common as substrings to forbid. */
    private static final int MIN_PERSONAL_PART = 3;
    private static final String LIST = "common-passwords.txt";

    private final Set<String> common;

    private PasswordRules(Set<String> common) {
        this.common = common;
    }

    /** Loads the bundled list (once per container, by the one function that changes passwords). */
    public static PasswordRules bundled() {
        Set<String> common = new HashSet<>(65_536);
        try (InputStream in = PasswordRules.class.getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException(LIST + " is missing from the artifact");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    common.add(fold(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PasswordRules(common);
    }

    public int listSize() {
        return common.size();
    }

    public static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    private static String fold(String text) {
        return normalize(text).toLowerCase(Locale.ROOT);
    }

    /**
     * Every rule {@code proposed} breaks, as field errors on {@code newPassword} worded by this module's
     * catalog ({@link Texts}) in the reader's language when the answer is written; empty when it may be tried.
     */
    public List<FieldError> check(String current, String proposed, Optional<String> name, Optional<String> email) {
        List<FieldError> errors = new ArrayList<>();
        String normalized = normalize(proposed);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_LENGTH) {
            errors.add(reason(FieldCode.TOO_SHORT, Integer.toString(MIN_LENGTH)));
        } else if (length > MAX_LENGTH) {
            errors.add(reason(FieldCode.TOO_LONG, Integer.toString(MAX_LENGTH)));
        }
        String folded = fold(proposed);
        if (common.contains(folded)) {
            errors.add(reason(FieldCode.COMMON_PASSWORD));
        } else if (variants(folded).stream().anyMatch(common::contains)) {
            errors.add(reason(FieldCode.COMMON_PASSWORD_VARIANT));
        }
        for (String part : personalParts(name, email)) {
            if (folded.contains(part)) {
                errors.add(reason(FieldCode.PERSONAL_PASSWORD));
                break;
            }
        }
        if (normalized.equals(normalize(current))) {
            errors.add(reason(FieldCode.SAME_PASSWORD));
        }
        return errors;
    }

    /** A reason on {@code newPassword}, in the words the person reads under the field. */
    private static FieldError reason(FieldCode why, String... params) {
        return FieldError.in(Texts.CATALOG, "newPassword", why, params);
    }

    /** Characters that stand in for letters ("p@ssw0rd"); '1' and '!' may be an i or an l. */
    private static final String SUBSTITUTES = "@4$503781!9+";

    /**
     * The forms a guesser tries first for a folded password (SECURITY.md): its core, without the
     * digits and symbols at its start and end ("password" in "password123!"), with the common
     * substitutions undone ("p@ssw0rd" → "password"), keeping one substitute at either end when it
     * stands for a letter ("$unshine" → "sunshine").
     */
    static java.util.Set<String> variants(String folded) {
        java.util.Set<String> variants = new java.util.LinkedHashSet<>();
        int start = 0;
        int end = folded.length();
        while (start < end && !Character.isLetter(folded.codePointAt(start))) {
            start += Character.charCount(folded.codePointAt(start));
        }
        while (end > start && !Character.isLetter(folded.codePointBefore(end))) {
            end -= Character.charCount(folded.codePointBefore(end));
        }
        variants.addAll(unsubstituted(folded));
        if (start == end) {
            return variants;
        }
        boolean left = start > 0 && SUBSTITUTES.indexOf(folded.charAt(start - 1)) >= 0;
        boolean right = end < folded.length() && SUBSTITUTES.indexOf(folded.charAt(end)) >= 0;
        for (int from : left ? new int[] {start, start - 1} : new int[] {start}) {
            for (int to : right ? new int[] {end, end + 1} : new int[] {end}) {
                variants.addAll(unsubstituted(folded.substring(from, to)));
            }
        }
        return variants;
    }

    /** {@code text} with the common substitutions undone, both ways where a character is ambiguous. */
    private static List<String> unsubstituted(String text) {
        List<String> forms = new ArrayList<>(List.of(""));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String options = switch (c) {
                case '@', '4' -> "a";
                case '$', '5' -> "s";
                case '0' -> "o";
                case '3' -> "e";
                case '7', '+' -> "t";
                case '8' -> "b";
                case '9' -> "g";
                case '1', '!' -> "il";
                default -> String.valueOf(c);
            };
            if (options.length() == 1 || forms.size() > 64) {
                forms.replaceAll(form -> form + options.charAt(0));
            } else {
                List<String> grown = new ArrayList<>();
                for (String form : forms) {
                    for (char option : options.toCharArray()) {
                        grown.add(form + option);
                    }
                }
                forms = grown;
            }
        }
        return forms;
    }

    private static List<String> personalParts(Optional<String> name, Optional<String> email) {
        List<String> parts = new ArrayList<>();
        name.ifPresent(n -> {
            for (String word : fold(n).split("[\\s.\\-_']+")) {
                parts.add(word);
            }
        });
        email.ifPresent(e -> {
            String local = fold(e.contains("@") ? e.substring(0, e.lastIndexOf('@')) : e);
            parts.add(local);
            for (String word : local.split("[.\\-_+]+")) {
                parts.add(word);
            }
        });
        return parts.stream().filter(p -> p.codePointCount(0, p.length()) >= MIN_PERSONAL_PART).distinct().toList();
    }
}
