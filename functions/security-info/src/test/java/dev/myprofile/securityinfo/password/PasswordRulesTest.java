package dev.myprofile.securityinfo.password;

import dev.myprofile.shared.problem.Problem.FieldError;
import org.junit.jupiter.api.Test;

import dev.myprofile.shared.text.Language;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SECURITY.md's password rules, each refusal naming its rule. */
class PasswordRulesTest {
    private final PasswordRules rules = PasswordRules.bundled();

    private List<String> refusals(String proposed) {
        return rules.check("Current-Password-1", proposed, Optional.of("Ada Lovelace"), Optional.of("ada.l@contoso.example"))
                .stream().map(FieldError::message).toList();
    }

    @Test
    void the_bundled_list_holds_at_least_ten_thousand_common_passwords() {
        assertTrue(rules.listSize() >= 10_000, () -> "only " + rules.listSize());
    }

    @Test
    void a_long_unrelated_passphrase_passes() {
        assertEquals(List.of(), refusals("correct horse battery staple"));
    }

    @Test
    void length_counts_characters_after_NFKC_not_bytes_or_UTF_16_units() {
        assertEquals(List.of(), refusals("😀😀😀😀😀😀😀😀😀😀😀😀"), "12 emoji are 12 characters");
        assertEquals(List.of("must be at least 12 characters long"), refusals("short-pw"));
        assertEquals(List.of("must be at most 256 characters long"), refusals("x".repeat(257)));
    }

    @Test
    void a_common_password_is_refused_whatever_its_case_or_compatibility_form() {
        assertEquals(List.of("is on the list of commonly used passwords"), refusals("1QAZ2WSX3EDC"));
        assertEquals(List.of("is on the list of commonly used passwords"), refusals("１qaz2wsx3edc"), "a full-width digit is NFKC's 1");
    }

    @Test
    void the_persons_name_or_email_local_part_is_refused_and_so_is_the_current_password() {
        assertEquals(List.of("must not contain your name or email address"), refusals("I-am-lovelace-forever"));
        assertEquals(List.of("must not contain your name or email address"), refusals("ada.l-and-some-more"));
        assertEquals(List.of("must differ from your current password"), refusals("Current-Password-1"));
    }

    private static final String VARIANT = "is a common password with small changes (capitals, @ for a, 0 for o, digits or "
            + "symbols at the start or end), and those are guessed first: a few unrelated words make a strong one";

    @Test
    void a_common_password_with_capitals_and_digits_and_symbols_at_its_ends_is_refused_in_the_persons_words() {
        assertEquals(List.of(VARIANT), refusals("Password123!"), "\"password\" is on the list");
        assertEquals(List.of(VARIANT), refusals("!!Sunshine2026"));
        assertEquals(List.of(VARIANT), refusals("Dragon#123456"));
    }

    @Test
    void common_substitutions_do_not_hide_a_common_password() {
        assertEquals(List.of(VARIANT), refusals("P@ssw0rd-2024"));
        assertEquals(List.of(VARIANT), refusals("$unsh1ne12345"));
        assertEquals(List.of(VARIANT), refusals("M0nk3y!!!!!!!"));
    }

    @Test
    void a_common_word_inside_a_longer_passphrase_is_not_a_common_password() {
        assertEquals(List.of(), refusals("password in a long sentence 7"));
        assertEquals(List.of(), refusals("1 purple monkey dishwasher!"));
    }

    @Test
    void the_reasons_are_in_swedish_for_a_swedish_reader() {
        List<String> refusals = rules.check("Current-Password-1", "Password123!", Optional.of("Ada Lovelace"),
                Optional.of("ada.l@contoso.example")).stream().map(e -> e.message(Language.SV)).toList();
        assertEquals(List.of("är ett vanligt lösenord med små ändringar (versaler, @ för a, 0 för o, siffror eller tecken "
                + "i början eller slutet), och sådana gissas först: några orelaterade ord blir ett starkt lösenord"), refusals);
        assertEquals(List.of("måste vara minst 12 tecken långt"), rules.check("x", "short-pw", Optional.empty(), Optional.empty())
                .stream().map(e -> e.message(Language.SV)).toList());
    }
}
