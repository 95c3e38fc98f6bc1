package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A software authenticator for tests without a browser: from a registration's options it makes the
 * response a browser would send ({@code PublicKeyCredential.toJSON()}) with a fresh P-256 key and
 * "none" attestation, built with webauthn4j's own encoders. The browser tests use Chromium's virtual
 * authenticator instead.
 */
final class SoftwareAuthenticator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AttestationObjectConverter ATTESTATION = new AttestationObjectConverter(new ObjectConverter());
    private static final SecureRandom RANDOM = new SecureRandom();

    private SoftwareAuthenticator() {}

    /** What the authenticator and the page do, and what a test may make them get wrong. */
    record Ceremony(String origin, String rpId, boolean userVerified, String attachment) {
        static Ceremony at(String origin, String rpId) {
            return new Ceremony(origin, rpId, true, "platform");
        }

        Ceremony withOrigin(String other) {
            return new Ceremony(other, rpId, userVerified, attachment);
        }

        Ceremony withRpId(String other) {
            return new Ceremony(origin, other, userVerified, attachment);
        }

        Ceremony withoutUserVerification() {
            return new Ceremony(origin, rpId, false, attachment);
        }
    }

    /** The response to {@code options} (a CredentialCreationOptions document) for {@code ceremony}. */
    static ObjectNode register(JsonNode options, Ceremony ceremony) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            byte[] credentialId = new byte[32];
            RANDOM.nextBytes(credentialId);
            EC2COSEKey key = EC2COSEKey.create(generator.generateKeyPair(), COSEAlgorithmIdentifier.ES256);
            byte flags = (byte) (AuthenticatorData.BIT_UP | AuthenticatorData.BIT_AT
                    | (ceremony.userVerified() ? AuthenticatorData.BIT_UV : 0));
            AuthenticatorData<com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput> authenticatorData =
                    new AuthenticatorData<>(sha256(ceremony.rpId()), flags, 0,
                            new AttestedCredentialData(AAGUID.ZERO, credentialId, key));
            byte[] attestationObject = ATTESTATION.convertToBytes(new AttestationObject(authenticatorData, new NoneAttestationStatement()));

            ObjectNode clientData = MAPPER.createObjectNode();
            clientData.put("type", "webauthn.create");
            clientData.put("challenge", options.path("challenge").asText());
            clientData.put("origin", ceremony.origin());
            clientData.put("crossOrigin", false);

            ObjectNode credential = MAPPER.createObjectNode();
            String id = base64Url(credentialId);
            credential.put("id", id);
            credential.put("rawId", id);
            credential.put("type", "public-key");
            credential.put("authenticatorAttachment", ceremony.attachment());
            ObjectNode response = credential.putObject("response");
            response.put("clientDataJSON", base64Url(MAPPER.writeValueAsBytes(clientData)));
            response.put("attestationObject", base64Url(attestationObject));
            response.putArray("transports").add(ceremony.attachment().equals("platform") ? "internal" : "usb");
            credential.putObject("clientExtensionResults").putObject("credProps").put("rk", true);
            return credential;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same response with its client data's {@code field} set to {@code value} (a tampered response). */
    static ObjectNode withClientData(ObjectNode credential, String field, String value) throws Exception {
        ObjectNode copy = credential.deepCopy();
        ObjectNode clientData = (ObjectNode) MAPPER.readTree(Base64.getUrlDecoder().decode(copy.path("response").path("clientDataJSON").asText()));
        clientData.put(field, value);
        ((ObjectNode) copy.path("response")).put("clientDataJSON", base64Url(MAPPER.writeValueAsBytes(clientData)));
        return copy;
    }

    private static byte[] sha256(String text) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
