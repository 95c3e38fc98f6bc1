package dev.myprofile.shared.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

class KeysTest {
    @Test
    void no_issuer_and_subject_pair_can_forge_another_users_partition() {
        assertNotEquals(Keys.user("https://a#b", "c"), Keys.user("https://a", "b#c"));
        assertNotEquals(Keys.user("https://a", "b%23c"), Keys.user("https://a", "b#c"));
    }
}
