package dev.myprofile.securityinfo.password;

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
 * expiry.
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

    /** Every rule {@code proposed} breaks, as field errors on {@code newPassword}; empty when it may be tried. */
    public List<FieldError> check(String current, String proposed, Optional<String> name, Optional<String> email) {
        List<FieldError> errors = new ArrayList<>();
        String normalized = normalize(proposed);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_LENGTH) {
            errors.add(new FieldError("newPassword", "must be at least " + MIN_LENGTH + " characters long"));
        } else if (length > MAX_LENGTH) {
            errors.add(new FieldError("newPassword", "must be at most " + MAX_LENGTH + " characters long"));
        }
        String folded = fold(proposed);
        if (common.contains(folded)) {
            errors.add(new FieldError("newPassword", "is on the list of commonly used passwords"));
        }
        for (String part : personalParts(name, email)) {
            if (folded.contains(part)) {
                errors.add(new FieldError("newPassword", "must not contain your name or email address"));
                break;
            }
        }
        if (normalized.equals(normalize(current))) {
            errors.add(new FieldError("newPassword", "must differ from your current password"));
        }
        return errors;
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
