package dev.myprofile.shared.dynamodb;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

class KeysTest {
    @Test
    void no_issuer_and_subject_pair_can_forge_another_users_partition() {
        assertNotEquals(UserKey.of("https://a#b", "c"), UserKey.of("https://a", "b#c"));
        assertNotEquals(UserKey.of("https://a", "b%23c"), UserKey.of("https://a", "b#c"));
    }
}
