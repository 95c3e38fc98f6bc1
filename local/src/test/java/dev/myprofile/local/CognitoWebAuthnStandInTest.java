package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myprofile.testkit.Moto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListWebAuthnCredentialsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnChallengeNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnClientMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnConfigurationMissingException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnCredentialDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnOriginNotAllowedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnRelyingPartyMismatchException;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stand-in for Cognito's four WebAuthn operations, driven through the AWS SDK's own Cognito
 * client (so requests, answers and errors are in Cognito's JSON protocol, or the SDK would not read
 * them), against what Cognito's API reference documents for each operation: request and response
 * shapes, and the errors it names (NotAuthorizedException, WebAuthnNotEnabledException,
 * WebAuthnConfigurationMissingException, WebAuthnChallengeNotFoundException,
 * WebAuthnClientMismatchException, WebAuthnRelyingPartyMismatchException,
 * WebAuthnOriginNotAllowedException, InvalidParameterException, ResourceNotFoundException).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CognitoWebAuthnStandInTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RP = "localhost";
    private static final String ORIGIN = "http://localhost:8080";
    private static final AtomicInteger USERS = new AtomicInteger();

    private CognitoWebAuthnStandIn standIn;
    private CognitoIdentityProviderClient cognito;
    private String poolId;
    private String clientId;
    private String otherClientId;

    @BeforeAll
    void start() throws Exception {
        standIn = CognitoWebAuthnStandIn.start(Moto.shared().endpoint());
        cognito = client(standIn.endpoint());
        poolId = pool(true, "ESSENTIALS");
        standIn.relyingParty(poolId, new CognitoWebAuthnStandIn.RelyingParty(RP, "preferred"));
        clientId = appClient(poolId);
        otherClientId = appClient(poolId);
    }

    @AfterAll
    void stop() {
        cognito.close();
        standIn.close();
    }

    static CognitoIdentityProviderClient client(URI endpoint) {
        return CognitoIdentityProviderClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(Moto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)))
                .endpointOverride(endpoint)
                .build();
    }

    private String pool(boolean webAuthn, String tier) {
        List<String> factors = webAuthn ? List.of("PASSWORD", "WEB_AUTHN") : List.of("PASSWORD");
        return cognito.createUserPool(r -> r.poolName("stand-in-" + USERS.incrementAndGet()).usernameAttributesWithStrings("email")
                .userPoolTier(tier)
                .policies(p -> p.signInPolicy(s -> s.allowedFirstAuthFactorsWithStrings(factors)))).userPool().id();
    }

    private String appClient(String pool) {
        return cognito.createUserPoolClient(r -> r.userPoolId(pool).clientName("web")
                .explicitAuthFlowsWithStrings("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")).userPoolClient().clientId();
    }

    /** A new user of {@code pool}, signed in through {@code client}: their access token. */
    private String signedIn(String pool, String client) {
        String email = "passkey" + USERS.incrementAndGet() + "@contoso.example";
        String password = "Correct-Horse-Battery-" + USERS.get() + "!";
        cognito.adminCreateUser(r -> r.userPoolId(pool).username(email).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value(email).build(),
                        AttributeType.builder().name("name").value("Passkey User").build()));
        cognito.adminSetUserPassword(r -> r.userPoolId(pool).username(email).password(password).permanent(true));
        return signIn(client, email, password);
    }

    private String signIn(String client, String email, String password) {
        return cognito.initiateAuth(r -> r.clientId(client).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", password))).authenticationResult().accessToken();
    }

    private String signedIn() {
        return signedIn(poolId, clientId);
    }

    private JsonNode startRegistration(String token) {
        return json(cognito.startWebAuthnRegistration(r -> r.accessToken(token)).credentialCreationOptions());
    }

    private void complete(String token, JsonNode credential) {
        cognito.completeWebAuthnRegistration(r -> r.accessToken(token).credential(document(credential)));
    }

    private String register(String token, SoftwareAuthenticator.Ceremony ceremony) {
        ObjectNode credential = SoftwareAuthenticator.register(startRegistration(token), ceremony);
        complete(token, credential);
        return credential.path("id").asText();
    }

    private List<WebAuthnCredentialDescription> list(String token) {
        return cognito.listWebAuthnCredentials(r -> r.accessToken(token)).credentials();
    }

    private static SoftwareAuthenticator.Ceremony ceremony() {
        return SoftwareAuthenticator.Ceremony.at(ORIGIN, RP);
    }

    // --- StartWebAuthnRegistration -------------------------------------------------------------

    @Test
    void start_answers_credential_creation_options_for_the_signed_in_user_with_a_fresh_challenge() {
        String token = signedIn();
        JsonNode options = startRegistration(token);

        assertEquals(RP, options.path("rp").path("id").asText());
        assertFalse(options.path("user").path("id").asText().isEmpty());
        assertTrue(options.path("user").path("name").asText().startsWith("passkey"), options::toString);
        assertEquals("Passkey User", options.path("user").path("displayName").asText());
        assertEquals(32, Base64.getUrlDecoder().decode(options.path("challenge").asText()).length);
        assertEquals(List.of(-7, -257), List.of(options.path("pubKeyCredParams").path(0).path("alg").asInt(),
                options.path("pubKeyCredParams").path(1).path("alg").asInt()));
        assertEquals("public-key", options.path("pubKeyCredParams").path(0).path("type").asText());
        assertEquals("required", options.path("authenticatorSelection").path("residentKey").asText());
        assertEquals("preferred", options.path("authenticatorSelection").path("userVerification").asText());
        assertTrue(options.path("excludeCredentials").isArray());
        assertNotEquals(options.path("challenge").asText(), startRegistration(token).path("challenge").asText());
    }

    @Test
    void start_excludes_the_credentials_the_user_has_already() {
        String token = signedIn();
        String id = register(token, ceremony());

        JsonNode options = startRegistration(token);

        assertEquals(id, options.path("excludeCredentials").path(0).path("id").asText());
        assertEquals("public-key", options.path("excludeCredentials").path(0).path("type").asText());
    }

    @Test
    void an_access_token_moto_refuses_is_NotAuthorizedException_for_each_operation() {
        String forged = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        assertThrows(NotAuthorizedException.class, () -> cognito.startWebAuthnRegistration(r -> r.accessToken(forged)));
        assertThrows(NotAuthorizedException.class, () -> cognito.completeWebAuthnRegistration(r -> r.accessToken(forged)
                .credential(Document.mapBuilder().putString("id", "x").build())));
        assertThrows(NotAuthorizedException.class, () -> cognito.listWebAuthnCredentials(r -> r.accessToken(forged)));
        assertThrows(NotAuthorizedException.class, () -> cognito.deleteWebAuthnCredential(r -> r.accessToken(forged).credentialId("x")));
    }

    @Test
    void a_pool_without_passkeys_among_its_first_factors_or_on_the_lite_tier_is_WebAuthnNotEnabledException() {
        String plain = pool(false, "ESSENTIALS");
        standIn.relyingParty(plain, new CognitoWebAuthnStandIn.RelyingParty(RP, "preferred"));
        String token = signedIn(plain, appClient(plain));
        assertThrows(WebAuthnNotEnabledException.class, () -> startRegistration(token));

        String lite = pool(true, "LITE");
        standIn.relyingParty(lite, new CognitoWebAuthnStandIn.RelyingParty(RP, "preferred"));
        String liteToken = signedIn(lite, appClient(lite));
        assertThrows(WebAuthnNotEnabledException.class, () -> startRegistration(liteToken));
    }

    @Test
    void a_pool_without_a_relying_party_is_WebAuthnConfigurationMissingException() {
        String unset = pool(true, "ESSENTIALS");
        String token = signedIn(unset, appClient(unset));
        assertThrows(WebAuthnConfigurationMissingException.class, () -> startRegistration(token));
    }

    // --- CompleteWebAuthnRegistration ----------------------------------------------------------

    @Test
    void a_verified_response_is_kept_and_listed_with_the_documented_fields() {
        String token = signedIn();
        String id = register(token, ceremony());

        ListWebAuthnCredentialsResponse listed = cognito.listWebAuthnCredentials(r -> r.accessToken(token));

        assertEquals(1, listed.credentials().size());
        WebAuthnCredentialDescription credential = listed.credentials().get(0);
        assertEquals(id, credential.credentialId());
        assertEquals(RP, credential.relyingPartyId());
        assertEquals("platform", credential.authenticatorAttachment());
        assertEquals(List.of("internal"), credential.authenticatorTransports());
        assertFalse(credential.friendlyCredentialName().isBlank());
        assertNotNull(credential.createdAt());
        assertEquals(null, listed.nextToken());
    }

    @Test
    void completing_without_a_started_registration_is_WebAuthnChallengeNotFoundException() {
        String token = signedIn();
        JsonNode options = startRegistration(signedIn());
        ObjectNode credential = SoftwareAuthenticator.register(options, ceremony());

        assertThrows(WebAuthnChallengeNotFoundException.class, () -> complete(token, credential));
    }

    @Test
    void a_replayed_response_is_WebAuthnChallengeNotFoundException_and_keeps_one_credential() {
        String token = signedIn();
        ObjectNode credential = SoftwareAuthenticator.register(startRegistration(token), ceremony());
        complete(token, credential);

        assertThrows(WebAuthnChallengeNotFoundException.class, () -> complete(token, credential));
        startRegistration(token);
        assertThrows(WebAuthnChallengeNotFoundException.class, () -> complete(token, credential),
                "a new registration's challenge is not the one the old response signed");
        assertEquals(1, list(token).size());
    }

    @Test
    void a_response_with_a_tampered_challenge_is_WebAuthnChallengeNotFoundException() throws Exception {
        String token = signedIn();
        ObjectNode credential = SoftwareAuthenticator.register(startRegistration(token), ceremony());
        ObjectNode tampered = SoftwareAuthenticator.withClientData(credential, "challenge",
                SoftwareAuthenticator.base64Url(new byte[32]));

        assertThrows(WebAuthnChallengeNotFoundException.class, () -> complete(token, tampered));
        assertTrue(list(token).isEmpty());
    }

    @Test
    void a_credential_made_for_another_relying_party_is_WebAuthnRelyingPartyMismatchException() {
        String token = signedIn();
        ObjectNode credential = SoftwareAuthenticator.register(startRegistration(token), ceremony().withRpId("evil.example"));

        assertThrows(WebAuthnRelyingPartyMismatchException.class, () -> complete(token, credential));
        assertTrue(list(token).isEmpty());
    }

    @Test
    void a_response_from_an_origin_outside_the_relying_party_is_WebAuthnOriginNotAllowedException() {
        String token = signedIn();
        ObjectNode credential = SoftwareAuthenticator.register(startRegistration(token), ceremony().withOrigin("https://evil.example"));

        assertThrows(WebAuthnOriginNotAllowedException.class, () -> complete(token, credential));
    }

    @Test
    void completing_with_a_token_of_another_app_client_is_WebAuthnClientMismatchException() {
        String email = "mismatch" + USERS.incrementAndGet() + "@contoso.example";
        String password = "Correct-Horse-Battery-9!";
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(email).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value(email).build()));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(email).password(password).permanent(true));
        String web = signIn(clientId, email, password);
        String other = signIn(otherClientId, email, password);
        ObjectNode credential = SoftwareAuthenticator.register(startRegistration(web), ceremony());

        assertThrows(WebAuthnClientMismatchException.class, () -> complete(other, credential));
    }

    @Test
    void a_response_that_is_no_registration_response_is_InvalidParameterException() {
        String token = signedIn();
        startRegistration(token);
        ObjectNode garbage = MAPPER.createObjectNode().put("id", "x").put("type", "public-key");
        garbage.putObject("response").put("clientDataJSON", "e30").put("attestationObject", "AAAA");

        assertThrows(InvalidParameterException.class, () -> complete(token, garbage));
    }

    @Test
    void without_user_verification_a_pool_that_requires_it_refuses_with_InvalidParameterException() {
        String strict = pool(true, "ESSENTIALS");
        standIn.relyingParty(strict, new CognitoWebAuthnStandIn.RelyingParty(RP, "required"));
        String token = signedIn(strict, appClient(strict));
        ObjectNode credential = SoftwareAuthenticator.register(startRegistration(token), ceremony().withoutUserVerification());

        InvalidParameterException refused = assertThrows(InvalidParameterException.class, () -> complete(token, credential));
        assertTrue(refused.awsErrorDetails().errorMessage().contains("verify the user"), refused::getMessage);
    }

    // --- ListWebAuthnCredentials ---------------------------------------------------------------

    @Test
    void list_pages_with_MaxResults_and_NextToken_and_refuses_MaxResults_outside_1_to_20() {
        String token = signedIn();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(register(token, ceremony()));
        }
        List<String> seen = new ArrayList<>();
        String next = null;
        do {
            String from = next;
            ListWebAuthnCredentialsResponse page = cognito.listWebAuthnCredentials(r -> r.accessToken(token).maxResults(2).nextToken(from));
            assertTrue(page.credentials().size() <= 2);
            page.credentials().forEach(c -> seen.add(c.credentialId()));
            next = page.nextToken();
        } while (next != null);
        assertEquals(ids.stream().sorted().toList(), seen.stream().sorted().toList());

        assertThrows(InvalidParameterException.class, () -> cognito.listWebAuthnCredentials(r -> r.accessToken(token).maxResults(21)));
        assertThrows(InvalidParameterException.class, () -> cognito.listWebAuthnCredentials(r -> r.accessToken(token).maxResults(0)));
        String another = signedIn();
        String stolen = cognito.listWebAuthnCredentials(r -> r.accessToken(token).maxResults(1)).nextToken();
        assertThrows(InvalidParameterException.class, () -> cognito.listWebAuthnCredentials(r -> r.accessToken(another).nextToken(stolen)),
                "one user's page token does not page another's credentials");
    }

    @Test
    void each_user_sees_only_their_own_credentials() {
        String ada = signedIn();
        String alan = signedIn();
        register(ada, ceremony());

        assertEquals(1, list(ada).size());
        assertTrue(list(alan).isEmpty());
    }

    // --- DeleteWebAuthnCredential --------------------------------------------------------------

    @Test
    void delete_removes_the_users_credential_and_another_users_id_is_ResourceNotFoundException() {
        String ada = signedIn();
        String alan = signedIn();
        String adas = register(ada, ceremony());
        String alans = register(alan, ceremony());

        assertThrows(ResourceNotFoundException.class, () -> cognito.deleteWebAuthnCredential(r -> r.accessToken(ada).credentialId(alans)));
        assertEquals(1, list(alan).size(), "the other user's credential stays");

        cognito.deleteWebAuthnCredential(r -> r.accessToken(ada).credentialId(adas));
        assertTrue(list(ada).isEmpty());
        assertThrows(ResourceNotFoundException.class, () -> cognito.deleteWebAuthnCredential(r -> r.accessToken(ada).credentialId(adas)));
    }

    // --- everything else -----------------------------------------------------------------------

    @Test
    void every_other_operation_reaches_moto_unchanged() {
        String token = signedIn();
        var user = cognito.getUser(r -> r.accessToken(token));
        assertTrue(user.username() != null && !user.username().isBlank());
        CognitoIdentityProviderException refused = assertThrows(CognitoIdentityProviderException.class,
                () -> cognito.describeUserPool(r -> r.userPoolId("us-east-1_doesNotExist")));
        assertEquals(400, refused.statusCode());
    }

    // --- documents -----------------------------------------------------------------------------

    static JsonNode json(Document document) {
        return MAPPER.valueToTree(plain(document));
    }

    private static Object plain(Document document) {
        if (document.isMap()) {
            Map<String, Object> map = new LinkedHashMap<>();
            document.asMap().forEach((k, v) -> map.put(k, plain(v)));
            return map;
        }
        if (document.isList()) {
            return document.asList().stream().map(CognitoWebAuthnStandInTest::plain).toList();
        }
        if (document.isNumber()) {
            SdkNumber number = document.asNumber();
            java.math.BigDecimal value = new java.math.BigDecimal(number.stringValue());
            return value.scale() <= 0 ? (Object) value.longValueExact() : value;
        }
        if (document.isBoolean()) {
            return document.asBoolean();
        }
        if (document.isString()) {
            return document.asString();
        }
        return null;
    }

    static Document document(JsonNode node) {
        Function<JsonNode, Document> convert = CognitoWebAuthnStandInTest::document;
        if (node.isObject()) {
            var builder = Document.mapBuilder();
            node.fields().forEachRemaining(e -> builder.putDocument(e.getKey(), convert.apply(e.getValue())));
            return builder.build();
        }
        if (node.isArray()) {
            List<Document> items = new ArrayList<>();
            node.forEach(n -> items.add(convert.apply(n)));
            return Document.fromList(items);
        }
        if (node.isNumber()) {
            return Document.fromNumber(node.decimalValue().toPlainString());
        }
        if (node.isBoolean()) {
            return Document.fromBoolean(node.booleanValue());
        }
        if (node.isNull()) {
            return Document.fromNull();
        }
        return Document.fromString(node.asText());
    }
}
