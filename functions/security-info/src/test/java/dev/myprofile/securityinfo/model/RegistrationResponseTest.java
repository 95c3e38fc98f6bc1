package dev.myprofile.securityinfo.model;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The user-verified flag is read from the attestation object as CBOR (issue 22 item 2): the
 * {@code authData} value of the map, not the first bytes anywhere that spell "authData".
 */
class RegistrationResponseTest {

    /** An attestation object: {fmt, attStmt, authData} with the flags byte {@code flags}; {@code fmt} as given. */
    private static String attestation(String fmt, int flags) throws IOException {
        byte[] authData = new byte[37];
        authData[32] = (byte) flags;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("fmt", fmt);
            g.writeFieldName("attStmt");
            g.writeStartObject();
            g.writeEndObject();
            g.writeFieldName("authData");
            g.writeBinary(authData);
            g.writeEndObject();
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    @Test
    void the_flag_is_the_authenticator_datas_uv_bit() throws IOException {
        assertEquals(Optional.of(true), RegistrationResponse.userVerified(attestation("none", 0x45)));
        assertEquals(Optional.of(false), RegistrationResponse.userVerified(attestation("none", 0x41)));
    }

    @Test
    void the_bytes_of_another_value_that_spell_authData_are_not_the_authenticator_data() throws IOException {
        // The text "authData" as a value is CBOR 0x68 'a' 'u' 't' 'h' 'D' 'a' 't' 'a', the same bytes as the key.
        assertEquals(Optional.of(true), RegistrationResponse.userVerified(attestation("authData", 0x45)));
        assertEquals(Optional.of(false), RegistrationResponse.userVerified(attestation("authData", 0x41)));
    }

    @Test
    void no_cbor_map_says_nothing_about_the_flag() {
        assertEquals(Optional.empty(), RegistrationResponse.userVerified(Base64.getUrlEncoder().encodeToString("not cbor".getBytes())));
    }
}
