package dev.myprofile.securityinfo.password;

import dev.myprofile.shared.problem.Problem.FieldError;
import org.junit.jupiter.api.Test;

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
}
