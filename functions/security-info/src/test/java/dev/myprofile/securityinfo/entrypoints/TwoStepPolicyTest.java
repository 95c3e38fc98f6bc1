package dev.myprofile.securityinfo.entrypoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.signin.SignInMethods.Account;
import dev.myprofile.securityinfo.signin.SignInMethods.PasskeyCredential;
import dev.myprofile.securityinfo.store.MethodStore.Stored;
import dev.myprofile.securityinfo.store.MethodStore.StoredPasskey;
import dev.myprofile.securityinfo.store.dynamodb.MethodItems;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.DynamoMfaMethods;
import dev.myprofile.shared.auth.MultiFactorPolicy;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.json.Json;
import dev.myprofile.testkit.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two-step policy status says exactly what the sign-in will ask. With Cognito a passkey is a first
 * factor: it signs in on its own, and never makes a password sign-in ask for a second step (SECURITY.md),
 * so a passkey alone never turns "two-step verification" on.
 */
class TwoStepPolicyTest {
    private static final Stored NOTHING_STORED = new Stored(Map.of(), Optional.empty(), Map.of());
    private static final PasskeyCredential PASSKEY = new PasskeyCredential("cred-1", "Passkey on this device",
            Instant.parse("2026-12-01T00:00:00Z"), Optional.of("platform"), List.of("internal"));

    private static Account account(Set<MethodType> secondSteps) {
        return new Account("u-1", Map.of("email", "grace@contoso.example", "email_verified", "true"), secondSteps,
                secondSteps.stream().findFirst());
    }

    private static JsonNode policy(Account account, List<PasskeyCredential> passkeys) throws Exception {
        String json = Json.write(g -> SecurityInfoJson.write(g, SecurityInfos.of(account, NOTHING_STORED, false, passkeys)));
        return new ObjectMapper().readTree(json).path("policy").path("twoStepVerification");
    }

    @Test
    void a_passkey_without_a_second_step_leaves_two_step_verification_off_and_says_what_a_password_sign_in_asks() throws Exception {
        JsonNode twoStep = policy(account(Set.of()), List.of(PASSKEY));

        assertEquals("off", twoStep.path("status").asText());
        assertTrue(twoStep.path("phishingResistant").asBoolean(), "a passkey is a sign-in that cannot be phished");
        String text = twoStep.path("text").asText();
        assertEquals("Two-step verification: off. You can sign in with a passkey, which cannot be phished, but signing in "
                + "with your password asks for nothing else: add an authenticator app", text);
        assertFalse(text.contains(": on"), text);
    }

    @Test
    void a_second_step_turns_it_on_and_a_passkey_beside_it_is_named_as_its_own_way_in() throws Exception {
        JsonNode twoStep = policy(account(Set.of(MethodType.AUTHENTICATOR_APP)), List.of(PASSKEY));

        assertEquals("on", twoStep.path("status").asText());
        assertEquals("Two-step verification: on. Signing in with your password asks for your second step; a passkey "
                + "signs you in on its own and cannot be phished", twoStep.path("text").asText());
    }

    @Test
    void without_either_it_is_off() throws Exception {
        JsonNode twoStep = policy(account(Set.of()), List.of());

        assertEquals("off", twoStep.path("status").asText());
        assertFalse(twoStep.path("phishingResistant").asBoolean());
    }

    @Test
    void step_up_never_counts_a_passkey_as_the_second_factor_of_a_password_sign_in() {
        try (TestEnvironment env = TestEnvironment.create()) {
            String issuer = "https://cognito-idp.us-east-1.amazonaws.com/pool";
            UserKey user = UserKey.of(issuer, "passkey-holder");
            env.moto().dynamo().putItem(r -> r.tableName(env.table()).item(MethodItems.passkeyItem(user,
                    new StoredPasskey("cred-1", Optional.of("Laptop"), Instant.now(), Optional.of(true)))));
            DynamoMfaMethods methods = new DynamoMfaMethods(env.moto().dynamo(), env.table());
            // A Cognito access token carries no amr: it says nothing of how the person signed in.
            Caller passwordSignIn = new Caller(issuer, "passkey-holder", Instant.now(), Optional.of(Instant.now()),
                    List.of(), Optional.empty(), Caller.StandardClaims.none(), Set.of());

            assertFalse(methods.anyRegistered(user), "a passkey is no method Cognito asks for after a password");
            assertFalse(MultiFactorPolicy.COGNITO.multiFactor(passwordSignIn, methods),
                    "a password sign-in of a person with a passkey is one factor");
            // A token that names its methods: the password alone is one factor whatever else the person has.
            Caller withAmr = new Caller(issuer, "passkey-holder", Instant.now(), Optional.of(Instant.now()),
                    List.of("pwd"), Optional.empty(), Caller.StandardClaims.none(), Set.of());
            assertFalse(MultiFactorPolicy.COGNITO.multiFactor(withAmr, methods));
        }
    }
}
