package dev.myprofile.securityinfo.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.myprofile.shared.json.Json;
import dev.myprofile.securityinfo.Texts;
import dev.myprofile.shared.problem.FieldCode;
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
    private static final CBORFactory CBOR = CBORFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();
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
                        throw malformed();
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
            throw malformed();
        }
        if (attestationObject == null) {
            throw malformed();
        }
        return new RegistrationResponse(json, id, userVerified(attestationObject));
    }

    /**
     * The UV flag of the authenticator data: the attestation object decoded as CBOR (a map of
     * {@code fmt}, {@code attStmt}, {@code authData}), its {@code authData} byte string taken, and the
     * flags byte after the 32-byte relying-party id hash read. Empty when there is no such byte string
     * or it is too short, or the object is no CBOR map (the sign-in service refuses such a credential).
     */
    static Optional<Boolean> userVerified(String attestationObject) {
        byte[] cbor;
        try {
            cbor = Base64.getUrlDecoder().decode(attestationObject);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        try (JsonParser parser = CBOR.createParser(cbor)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("authData") && value == JsonToken.VALUE_EMBEDDED_OBJECT) {
                    byte[] authData = parser.getBinaryValue();
                    return authData.length > FLAGS_OFFSET ? Optional.of((authData[FLAGS_OFFSET] & UV) != 0) : Optional.empty();
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException e) {
            // Not CBOR: nothing to say about the flag here; the sign-in service refuses such a credential.
            return Optional.empty();
        }
    }

    /** Not the browser's answer to adding a passkey: nested too deeply, no credential id, no base64url attestation object. */
    private static Problem malformed() {
        return Problem.invalid(List.of(Problem.FieldError.in(Texts.CATALOG, "credential", FieldCode.PASSKEY_MALFORMED)));
    }
}
