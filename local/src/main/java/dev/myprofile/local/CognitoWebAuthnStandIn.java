package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <strong>A stand-in, never deployed</strong>: Amazon Cognito's four passkey operations
 * ({@code StartWebAuthnRegistration}, {@code CompleteWebAuthnRegistration},
 * {@code ListWebAuthnCredentials}, {@code DeleteWebAuthnCredential}), which moto does not serve
 * (it answers 500), in Cognito's own JSON protocol ({@code X-Amz-Target:
 * AWSCognitoIdentityProviderService.<Operation>}, {@code application/x-amz-json-1.1}, errors as
 * {@code __type} + {@code message}), on one endpoint in front of moto: every other request is passed
 * to moto unchanged, so a client pointed here sees one Cognito.
 *
 * <p>It does the real work: the caller is the user moto's {@code GetUser} finds for the access token
 * (so a token moto refuses is refused here, with moto's own error), registration options carry a
 * fresh random challenge kept for that user and app client, and a registration response is verified
 * with webauthn4j (client data type, challenge, origin, relying-party id hash, user presence, user
 * verification when the pool requires it, the attestation statement, the algorithm) before the
 * credential is kept, per user. A pool takes passkeys when moto's {@code DescribeUserPool} shows the
 * Essentials tier (or higher) and {@code WEB_AUTHN} among the allowed first factors; its relying
 * party (which moto's {@code SetUserPoolMfaConfig} drops) is given to {@link #relyingParty}.
 *
 * <p>What it does not do: sign-in with a passkey ({@code InitiateAuth} with {@code WEB_AUTHN}),
 * attestation trust (it accepts any attestation format webauthn4j's non-strict manager verifies,
 * as Cognito accepts {@code none}), Cognito's naming of authenticators from their AAGUID (it names a
 * credential by its attachment), persistence (credentials live as long as the process), and the
 * pool domain as a default relying party.
 */
public final class CognitoWebAuthnStandIn extends CognitoStandIn {
    static final Set<String> OPERATIONS = Set.of("StartWebAuthnRegistration", "CompleteWebAuthnRegistration",
            "ListWebAuthnCredentials", "DeleteWebAuthnCredential");
    /** Cognito keeps at most this many passkeys per user. */
    static final int MAX_CREDENTIALS = 20;
    static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);
    /** A pool's WebAuthn configuration ({@code WebAuthnConfiguration} in SetUserPoolMfaConfig). */
    public record RelyingParty(String id, String userVerification) {
        public RelyingParty {
            if (!userVerification.equals("required") && !userVerification.equals("preferred")) {
                throw new IllegalArgumentException("userVerification is required or preferred");
            }
        }
    }

    record Pending(String clientId, byte[] challenge, Instant expiresAt) {}

    record Credential(String id, String name, String rpId, Optional<String> attachment, List<String> transports,
                      Instant createdAt) {}

    private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager();
    private final Map<String, RelyingParty> relyingParties = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, List<Credential>> credentials = new ConcurrentHashMap<>();

    private CognitoWebAuthnStandIn(URI moto, Clock clock) throws IOException {
        super(moto, OPERATIONS, 8, clock);
    }

    /** Starts it on a free loopback port, in front of the moto at {@code moto}. */
    public static CognitoWebAuthnStandIn start(URI moto) throws IOException {
        return start(moto, Clock.systemUTC());
    }

    static CognitoWebAuthnStandIn start(URI moto, Clock clock) throws IOException {
        return new CognitoWebAuthnStandIn(moto, clock).listening(CognitoWebAuthnStandIn.class);
    }

    /** Sets a pool's relying party, as {@code SetUserPoolMfaConfig}'s {@code WebAuthnConfiguration} does on Cognito. */
    public void relyingParty(String poolId, RelyingParty relyingParty) {
        relyingParties.put(poolId, relyingParty);
    }

    // --- the four operations --------------------------------------------------------------------

    @Override
    ObjectNode operate(String operation, ObjectNode request) {
        return switch (operation) {
            case "StartWebAuthnRegistration" -> start(request);
            case "CompleteWebAuthnRegistration" -> complete(request);
            case "ListWebAuthnCredentials" -> list(request);
            case "DeleteWebAuthnCredential" -> delete(request);
            default -> throw new IllegalStateException(operation);
        };
    }

    /** The signed-in user the access token names, found the way Cognito finds them: by the token. */
    record User(String poolId, String clientId, String username, String sub, String displayName) {
        String key() {
            return poolId + "/" + sub;
        }
    }

    private ObjectNode start(ObjectNode request) {
        User user = user(request);
        RelyingParty rp = enabled(user);
        byte[] challenge = new byte[32];
        random.nextBytes(challenge);
        pending.put(user.key(), new Pending(user.clientId(), challenge, clock.instant().plus(CHALLENGE_LIFETIME)));

        ObjectNode options = MAPPER.createObjectNode();
        options.putObject("rp").put("id", rp.id()).put("name", rp.id());
        options.putObject("user").put("id", base64Url(user.sub().getBytes(StandardCharsets.UTF_8)))
                .put("name", user.username()).put("displayName", user.displayName());
        options.put("challenge", base64Url(challenge));
        ArrayNode algorithms = options.putArray("pubKeyCredParams");
        algorithms.addObject().put("type", "public-key").put("alg", -7);
        algorithms.addObject().put("type", "public-key").put("alg", -257);
        options.put("timeout", CHALLENGE_LIFETIME.toMillis());
        ArrayNode exclude = options.putArray("excludeCredentials");
        for (Credential credential : credentials.getOrDefault(user.key(), List.of())) {
            exclude.addObject().put("type", "public-key").put("id", credential.id());
        }
        options.putObject("authenticatorSelection").put("requireResidentKey", true).put("residentKey", "required")
                .put("userVerification", rp.userVerification());
        options.putObject("extensions").put("credProps", true);
        ObjectNode response = MAPPER.createObjectNode();
        response.set("CredentialCreationOptions", options);
        return response;
    }

    private ObjectNode complete(ObjectNode request) {
        User user = user(request);
        RelyingParty rp = enabled(user);
        JsonNode credential = request.get("Credential");
        if (credential == null || !credential.isObject()) {
            throw CognitoError.invalidParameter("1 validation error detected: Value null at 'credential' failed to satisfy constraint: Member must not be null");
        }
        // A challenge answers one completion, whatever its outcome: a response cannot be tried twice.
        Pending started = pending.remove(user.key());
        if (started == null || started.expiresAt().isBefore(clock.instant())) {
            throw new CognitoError("WebAuthnChallengeNotFoundException", "No registration challenge was found for this user.");
        }
        if (!started.clientId().equals(user.clientId())) {
            throw new CognitoError("WebAuthnClientMismatchException",
                    "The access token is for another app client than the one that started the registration.");
        }
        RegistrationData data;
        try {
            data = webAuthn.parseRegistrationResponseJSON(credential.toString());
        } catch (DataConversionException | IllegalArgumentException | NullPointerException e) {
            throw CognitoError.invalidParameter("The credential is not a WebAuthn registration response.");
        }
        if (data.getCollectedClientData() == null || data.getAttestationObject() == null) {
            throw CognitoError.invalidParameter("The credential is not a WebAuthn registration response.");
        }
        Origin origin = data.getCollectedClientData().getOrigin();
        if (origin == null || !allowed(origin, rp)) {
            throw new CognitoError("WebAuthnOriginNotAllowedException",
                    "The credential's registration origin does not match the user pool's relying party id.");
        }
        ServerProperty server = ServerProperty.builder().origin(origin).rpId(rp.id())
                .challenge(new DefaultChallenge(started.challenge())).build();
        List<PublicKeyCredentialParameters> algorithms = List.of(
                new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
                new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));
        try {
            webAuthn.verify(data, new RegistrationParameters(server, algorithms, rp.userVerification().equals("required"), true));
        } catch (BadChallengeException e) {
            throw new CognitoError("WebAuthnChallengeNotFoundException",
                    "The credential answers a challenge that was not issued for this registration.");
        } catch (BadRpIdException e) {
            throw new CognitoError("WebAuthnRelyingPartyMismatchException",
                    "The credential was made for a relying party other than the user pool's.");
        } catch (BadOriginException e) {
            throw new CognitoError("WebAuthnOriginNotAllowedException",
                    "The credential's registration origin does not match the user pool's relying party id.");
        } catch (NotAllowedAlgorithmException e) {
            throw new CognitoError("WebAuthnCredentialNotSupportedException", "The credential's algorithm is not supported.");
        } catch (UserNotVerifiedException e) {
            throw CognitoError.invalidParameter("The authenticator did not verify the user, which the user pool requires.");
        } catch (UserNotPresentException e) {
            throw CognitoError.invalidParameter("The authenticator did not test the user's presence.");
        } catch (VerificationException | DataConversionException e) {
            throw CognitoError.invalidParameter("The credential failed verification: "
                    + e.getClass().getSimpleName().replace("Exception", "") + ".");
        }
        String id = base64Url(data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData().getCredentialId());
        Optional<String> attachment = Optional.ofNullable(credential.path("authenticatorAttachment").textValue())
                .filter(a -> a.equals("platform") || a.equals("cross-platform"));
        List<String> transports = new ArrayList<>();
        credential.path("response").path("transports").forEach(t -> transports.add(t.asText()));
        synchronized (credentials) {
            boolean taken = credentials.values().stream().flatMap(List::stream)
                    .anyMatch(c -> c.id().equals(id) && c.rpId().equals(rp.id()));
            if (taken) {
                throw CognitoError.invalidParameter("This credential is already registered.");
            }
            List<Credential> mine = credentials.computeIfAbsent(user.key(), k -> new ArrayList<>());
            if (mine.size() >= MAX_CREDENTIALS) {
                throw new CognitoError("LimitExceededException", "The user has the most passkeys a user can have.");
            }
            String name = attachment.map(a -> a.equals("platform") ? "Passkey on this device" : "Security key").orElse("Passkey");
            mine.add(new Credential(id, name, rp.id(), attachment, List.copyOf(transports),
                    Instant.ofEpochSecond(clock.instant().getEpochSecond())));
        }
        return MAPPER.createObjectNode();
    }

    private ObjectNode list(ObjectNode request) {
        User user = user(request);
        int max = 20;
        JsonNode maxResults = request.get("MaxResults");
        if (maxResults != null && !maxResults.isNull()) {
            if (!maxResults.isInt() || maxResults.intValue() < 1 || maxResults.intValue() > 20) {
                throw CognitoError.invalidParameter("1 validation error detected: Value at 'maxResults' failed to satisfy constraint: "
                        + "Member must have value between 1 and 20");
            }
            max = maxResults.intValue();
        }
        int from = 0;
        JsonNode next = request.get("NextToken");
        if (next != null && !next.isNull()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(next.asText()), StandardCharsets.UTF_8).split("\\|", 2);
                if (parts.length != 2 || !parts[0].equals(user.key())) {
                    throw new IllegalArgumentException();
                }
                from = Integer.parseInt(parts[1]);
            } catch (IllegalArgumentException e) {
                throw CognitoError.invalidParameter("The pagination token is not valid.");
            }
        }
        List<Credential> mine;
        synchronized (credentials) {
            mine = new ArrayList<>(credentials.getOrDefault(user.key(), List.of()));
        }
        mine.sort(Comparator.comparing(Credential::createdAt));
        ObjectNode response = MAPPER.createObjectNode();
        ArrayNode listed = response.putArray("Credentials");
        for (Credential c : mine.subList(Math.min(from, mine.size()), Math.min(from + max, mine.size()))) {
            ObjectNode item = listed.addObject();
            item.put("CredentialId", c.id());
            item.put("FriendlyCredentialName", c.name());
            item.put("RelyingPartyId", c.rpId());
            c.attachment().ifPresent(a -> item.put("AuthenticatorAttachment", a));
            ArrayNode transports = item.putArray("AuthenticatorTransports");
            c.transports().forEach(transports::add);
            item.put("CreatedAt", c.createdAt().getEpochSecond());
        }
        if (from + max < mine.size()) {
            response.put("NextToken", base64Url((user.key() + "|" + (from + max)).getBytes(StandardCharsets.UTF_8)));
        }
        return response;
    }

    private ObjectNode delete(ObjectNode request) {
        User user = user(request);
        String id = request.path("CredentialId").textValue();
        if (id == null || id.isEmpty()) {
            throw CognitoError.invalidParameter("1 validation error detected: Value null at 'credentialId' failed to satisfy constraint: Member must not be null");
        }
        synchronized (credentials) {
            List<Credential> mine = credentials.getOrDefault(user.key(), new ArrayList<>());
            if (!mine.removeIf(c -> c.id().equals(id))) {
                throw new CognitoError("ResourceNotFoundException", "The credential was not found.");
            }
        }
        return MAPPER.createObjectNode();
    }

    // --- the user, the pool ---------------------------------------------------------------------

    private User user(ObjectNode request) {
        String token = request.path("AccessToken").textValue();
        if (token == null || !token.matches("[A-Za-z0-9-_=.]+")) {
            throw CognitoError.invalidParameter("1 validation error detected: Value at 'accessToken' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+");
        }
        ObjectNode answer = moto("GetUser", MAPPER.createObjectNode().put("AccessToken", token));
        // moto has checked the token (signature, expiry, its user): its claims can be read now.
        JsonNode claims;
        try {
            String[] parts = token.split("\\.");
            claims = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | RuntimeException e) {
            throw new CognitoError("NotAuthorizedException", "Invalid Access Token");
        }
        String issuer = claims.path("iss").asText();
        String poolId = issuer.substring(issuer.lastIndexOf('/') + 1);
        String sub = null;
        String name = null;
        String email = null;
        for (JsonNode attribute : answer.path("UserAttributes")) {
            switch (attribute.path("Name").asText()) {
                case "sub" -> sub = attribute.path("Value").asText();
                case "name" -> name = attribute.path("Value").asText();
                case "email" -> email = attribute.path("Value").asText();
                default -> { }
            }
        }
        // With email as the sign-in name the user name is an id; the authenticator shows the address.
        String username = email != null ? email : answer.path("Username").asText();
        if (sub == null) {
            sub = username;
        }
        return new User(poolId, claims.path("client_id").asText(), username, sub, name == null ? username : name);
    }

    /** The pool's relying party, when the pool takes passkeys. */
    private RelyingParty enabled(User user) {
        JsonNode pool = moto("DescribeUserPool", MAPPER.createObjectNode().put("UserPoolId", user.poolId())).path("UserPool");
        boolean essentials = !"LITE".equals(pool.path("UserPoolTier").asText("LITE"));
        boolean webAuthnFirst = false;
        for (JsonNode factor : pool.path("Policies").path("SignInPolicy").path("AllowedFirstAuthFactors")) {
            webAuthnFirst |= factor.asText().equals("WEB_AUTHN");
        }
        if (!essentials || !webAuthnFirst) {
            throw new CognitoError("WebAuthnNotEnabledException", "Passkeys are not enabled for this user pool.");
        }
        RelyingParty rp = relyingParties.get(user.poolId());
        if (rp == null) {
            throw new CognitoError("WebAuthnConfigurationMissingException",
                    "The user pool has no relying party id and no domain.");
        }
        return rp;
    }

    /**
     * Cognito's rule: the page's origin is the relying party or one of its subdomains (HTTPS; HTTP only
     * for localhost, and here its subdomains too, which browsers keep on this machine as well: the
     * local sign-in's own host is one).
     */
    static boolean allowed(Origin origin, RelyingParty rp) {
        String host = origin.getHost();
        if (host == null) {
            return false;
        }
        boolean secure = "https".equals(origin.getScheme())
                || ("http".equals(origin.getScheme()) && (host.equals("localhost") || host.endsWith(".localhost")));
        return secure && (host.equals(rp.id()) || host.endsWith("." + rp.id()));
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
