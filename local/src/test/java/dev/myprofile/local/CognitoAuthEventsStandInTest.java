package dev.myprofile.local;

import dev.myprofile.testkit.Moto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthEventType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeName;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EventResponseType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EventType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.FeedbackValueType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolAddOnNotEnabledException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sign-ins stand-in through the SDK's own Cognito client, against the API reference of
 * AdminListUserAuthEvents and AdminUpdateAuthEventFeedback: the answer's shape, paging, the errors,
 * and every other operation passed to moto.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CognitoAuthEventsStandInTest {
    private CognitoAuthEventsStandIn standIn;
    private CognitoIdentityProviderClient cognito;

    @BeforeAll
    void start() throws Exception {
        standIn = CognitoAuthEventsStandIn.start(Moto.shared().endpoint());
        cognito = CognitoWebAuthnStandInTest.client(standIn.endpoint());
    }

    @AfterAll
    void stop() {
        cognito.close();
        standIn.close();
    }

    private String pool(String mode) {
        return cognito.createUserPool(r -> r.poolName("auth-events").usernameAttributesWithStrings("email").userPoolTier("PLUS")
                .userPoolAddOns(a -> a.advancedSecurityMode(mode))).userPool().id();
    }

    /** A user (through the stand-in: moto behind it creates them); returns their sub. */
    private String user(String pool, String email) {
        return cognito.adminCreateUser(r -> r.userPoolId(pool).username(email).messageAction(MessageActionType.SUPPRESS))
                .user().attributes().stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
    }

    @Test
    void sign_ins_are_listed_newest_first_in_cognitos_shape_and_paged_by_next_token() throws Exception {
        String pool = pool("AUDIT");
        String sub = user(pool, "ada@contoso.example");
        standIn.signedIn(pool, "ada@contoso.example", false, List.of(CognitoAuthEventsStandIn.Step.password(false)),
                "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        Thread.sleep(5);
        standIn.signedIn(pool, "ada@contoso.example", true, List.of(CognitoAuthEventsStandIn.Step.password(true),
                CognitoAuthEventsStandIn.Step.secondStep(true)), "198.51.100.20", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Version/17.5 Safari/605.1.15");
        standIn.signedIn(pool, "nobody@contoso.example", false, List.of(CognitoAuthEventsStandIn.Step.password(false)), "192.0.2.1", "curl/8");

        var first = cognito.adminListUserAuthEvents(r -> r.userPoolId(pool).username("ada@contoso.example").maxResults(1));
        assertEquals(1, first.authEvents().size());
        AuthEventType newest = first.authEvents().get(0);
        assertEquals(EventType.SIGN_IN, newest.eventType());
        assertEquals(EventResponseType.PASS, newest.eventResponse());
        assertEquals(List.of(ChallengeName.PASSWORD, ChallengeName.MFA), newest.challengeResponses().stream().map(c -> c.challengeName()).toList());
        assertEquals("198.51.100.20", newest.eventContextData().ipAddress());
        assertEquals("Safari, macOS", newest.eventContextData().deviceName());
        assertTrue(newest.creationDate() != null);
        assertTrue(first.nextToken() != null);

        // By the sub as the user name too; the next page holds the failed one.
        var second = cognito.adminListUserAuthEvents(r -> r.userPoolId(pool).username(sub).maxResults(1).nextToken(first.nextToken()));
        AuthEventType failed = second.authEvents().get(0);
        assertEquals(EventResponseType.FAIL, failed.eventResponse());
        assertEquals(ChallengeResponse.FAILURE, failed.challengeResponses().get(0).challengeResponse());
        assertEquals("Firefox, Linux", failed.eventContextData().deviceName());
        assertNull(second.nextToken());
        assertTrue(!newest.creationDate().isBefore(failed.creationDate()));
    }

    @Test
    void feedback_is_kept_on_the_users_own_event_only() {
        String pool = pool("ENFORCED");
        user(pool, "ada@contoso.example");
        user(pool, "eve@contoso.example");
        standIn.signedIn(pool, "ada@contoso.example", true, List.of(CognitoAuthEventsStandIn.Step.password(true)), "203.0.113.7", null);
        String id = cognito.adminListUserAuthEvents(r -> r.userPoolId(pool).username("ada@contoso.example")).authEvents().get(0).eventId();

        assertThrows(ResourceNotFoundException.class, () -> cognito.adminUpdateAuthEventFeedback(r -> r.userPoolId(pool)
                .username("eve@contoso.example").eventId(id).feedbackValue(FeedbackValueType.INVALID)));
        cognito.adminUpdateAuthEventFeedback(r -> r.userPoolId(pool).username("ada@contoso.example").eventId(id)
                .feedbackValue(FeedbackValueType.INVALID));
        AuthEventType answered = cognito.adminListUserAuthEvents(r -> r.userPoolId(pool).username("ada@contoso.example")).authEvents().get(0);
        assertEquals(FeedbackValueType.INVALID, answered.eventFeedback().feedbackValue());
        assertTrue(answered.eventFeedback().feedbackDate() != null);
    }

    @Test
    void cognitos_errors_for_a_pool_without_threat_protection_an_unknown_user_a_bad_size_or_token() {
        String off = pool("OFF");
        user(off, "ada@contoso.example");
        assertThrows(UserPoolAddOnNotEnabledException.class,
                () -> cognito.adminListUserAuthEvents(r -> r.userPoolId(off).username("ada@contoso.example")));
        assertThrows(UserPoolAddOnNotEnabledException.class, () -> cognito.adminUpdateAuthEventFeedback(r -> r.userPoolId(off)
                .username("ada@contoso.example").eventId("x").feedbackValue(FeedbackValueType.VALID)));

        String on = pool("AUDIT");
        user(on, "ada@contoso.example");
        assertThrows(UserNotFoundException.class, () -> cognito.adminListUserAuthEvents(r -> r.userPoolId(on).username("nobody@contoso.example")));
        assertThrows(InvalidParameterException.class,
                () -> cognito.adminListUserAuthEvents(r -> r.userPoolId(on).username("ada@contoso.example").maxResults(61)));
        assertThrows(InvalidParameterException.class,
                () -> cognito.adminListUserAuthEvents(r -> r.userPoolId(on).username("ada@contoso.example").nextToken("bm90LWEtdG9rZW4")));
    }
}
