package dev.myprofile.securityinfo.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.problem.Problem;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The browser's answer to {@code navigator.credentials.create} ({@code PublicKeyCredential.toJSON()}),
 * passed to the sign-in service as it came, with what the page needs from it: the credential id, and
 * whether the authenticator verified the person (the UV flag of the authenticator data inside the
 * attestation object, which the sign-in service verifies). Read with the layer's streaming Jackson.
 */
public record RegistrationResponse(String json, String id, Optional<Boolean> userVerified) {
    private static final int MAX_DEPTH = 8;
    private static final byte[] AUTH_DATA_KEY = {0x68, 'a', 'u', 't', 'h', 'D', 'a', 't', 'a'};
    private static final int FLAGS_OFFSET = 32;
    private static final int UV = 0x04;

    /** Reads the object at the parser (its START_OBJECT current): refuses what is no registration response. */
    public static RegistrationResponse read(JsonParser parser) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = Json.FACTORY.createGenerator(text)) {
            g.copyCurrentStructure(parser);
        }
        String json = text.toString();
        String id = null;
        String attestationObject = null;
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            p.nextToken();
            int depth = 0;
            String section = "";
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                    if (depth > MAX_DEPTH) {
                        throw invalid("is nested too deeply");
                    }
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                    if (depth == 0) {
                        section = "";
                    }
                } else if (token == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (depth == 0) {
                        section = name;
                        if (name.equals("id") && p.nextToken() == JsonToken.VALUE_STRING) {
                            id = p.getText();
                        }
                    } else if (depth == 1 && section.equals("response") && name.equals("attestationObject")
                            && p.nextToken() == JsonToken.VALUE_STRING) {
                        attestationObject = p.getText();
                    }
                }
            }
        }
        if (!Passkey.wellFormedId(id)) {
            throw invalid("has no credential id");
        }
        if (attestationObject == null) {
            throw invalid("has no attestation object: it is not the answer to adding a passkey");
        }
        return new RegistrationResponse(json, id, userVerified(attestationObject));
    }

    /** The UV flag of the authenticator data, found under the attestation object's {@code authData} key. */
    static Optional<Boolean> userVerified(String attestationObject) {
        byte[] cbor;
        try {
            cbor = Base64.getUrlDecoder().decode(attestationObject);
        } catch (IllegalArgumentException e) {
            throw invalid("has an attestation object that is not base64url");
        }
        for (int i = 0; i + AUTH_DATA_KEY.length < cbor.length; i++) {
            if (matches(cbor, i)) {
                int at = i + AUTH_DATA_KEY.length;
                int header = cbor[at] & 0xff;
                int start = header >= 0x40 && header <= 0x57 ? at + 1 : header == 0x58 ? at + 2 : header == 0x59 ? at + 3 : -1;
                if (start > 0 && start + FLAGS_OFFSET < cbor.length) {
                    return Optional.of((cbor[start + FLAGS_OFFSET] & UV) != 0);
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean matches(byte[] data, int at) {
        for (int j = 0; j < AUTH_DATA_KEY.length; j++) {
            if (data[at + j] != AUTH_DATA_KEY[j]) {
                return false;
            }
        }
        return true;
    }

    private static Problem invalid(String message) {
        return Problem.invalid(List.of(new Problem.FieldError("credential", message)));
    }
}
