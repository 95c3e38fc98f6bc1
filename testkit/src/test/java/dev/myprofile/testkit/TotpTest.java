package dev.myprofile.testkit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 6238's own test vectors (SHA-1, the 8-digit values' last six digits). */
class TotpTest {
    /** "12345678901234567890" in Base32. */
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void the_codes_are_the_RFCs() {
        assertEquals("287082", Totp.code(RFC_SECRET, Instant.ofEpochSecond(59)));
        assertEquals("081804", Totp.code(RFC_SECRET, Instant.ofEpochSecond(1111111109)));
        assertEquals("050471", Totp.code(RFC_SECRET, Instant.ofEpochSecond(1111111111)));
        assertEquals("005924", Totp.code(RFC_SECRET, Instant.ofEpochSecond(1234567890)));
        assertEquals("279037", Totp.code(RFC_SECRET, Instant.ofEpochSecond(2000000000)));
    }

    @Test
    void base32_ignores_case_padding_and_spaces() {
        assertArrayEquals("12345678901234567890".getBytes(StandardCharsets.US_ASCII), Totp.base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"));
    }
}
