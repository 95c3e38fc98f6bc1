package dev.myprofile.shared.text;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogTest {

    @Test
    void a_text_is_read_in_the_language_asked_with_its_slots_filled() {
        Catalog catalog = Catalog.load(CatalogTest.class, "good");
        assertEquals("Hello Ada, it is noon.", catalog.text(Language.EN, "greeting", "name", "Ada", "at", "noon"));
        assertEquals("Hej Ada, klockan är $1 \\..", catalog.text(Language.SV, "greeting", "at", "$1 \\.", "name", "Ada"));
        assertEquals("Inget att fylla i – åäö", catalog.text(Language.SV, "plain"));
        assertEquals(Set.of("greeting", "plain"), catalog.keys());
    }

    @Test
    void a_catalog_missing_a_translation_or_with_other_slots_in_one_language_does_not_load() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Catalog.load(CatalogTest.class, "missing"));
        assertTrue(missing.getMessage().contains("two"), missing.getMessage());
        IllegalStateException slots = assertThrows(IllegalStateException.class, () -> Catalog.load(CatalogTest.class, "slots"));
        assertTrue(slots.getMessage().contains("namn"), slots.getMessage());
        assertThrows(IllegalStateException.class, () -> Catalog.load(CatalogTest.class, "absent"));
    }

    @Test
    void an_unknown_key_or_a_slot_left_empty_is_a_programming_error() {
        Catalog catalog = Catalog.load(CatalogTest.class, "good");
        assertThrows(IllegalArgumentException.class, () -> catalog.text(Language.EN, "nope"));
        assertThrows(IllegalArgumentException.class, () -> catalog.text(Language.EN, "greeting", "name", "Ada"));
        assertThrows(IllegalArgumentException.class, () -> catalog.text(Language.EN, "plain", "name", "Ada"));
    }

    @Test
    void the_one_rule_takes_the_profile_first_then_accept_language_by_weight_then_english() {
        assertEquals(Language.SV, Language.choose(Optional.of("sv-SE"), Optional.of("en")));
        assertEquals(Language.EN, Language.choose(Optional.of("en-GB"), Optional.of("sv")));
        assertEquals(Language.SV, Language.choose(Optional.of("fi"), Optional.of("fi, sv;q=0.8, en;q=0.5")));
        assertEquals(Language.EN, Language.choose(Optional.empty(), Optional.of("sv;q=0.3, en-US;q=0.9")));
        assertEquals(Language.SV, Language.choose(Optional.empty(), Optional.of("SV")));
        assertEquals(Language.EN, Language.choose(Optional.empty(), Optional.of("sv;q=0, de")));
        assertEquals(Language.EN, Language.choose(Optional.empty(), Optional.of("sv;q=oops")));
        assertEquals(Language.EN, Language.choose(Optional.empty(), Optional.empty()));
        assertEquals(Optional.empty(), Language.of("svenska"));
    }
}
