package dev.myprofile.securityinfo.signin.cognito;

import dev.myprofile.shared.problem.Problem;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InternalErrorException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnChallengeNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnClientMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnConfigurationMissingException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnCredentialNotSupportedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnOriginNotAllowedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnRelyingPartyMismatchException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cognito's refusals as problems: the client's mistakes 4xx naming the field, never a 500. */
class CognitoErrorsTest {

    private static <B extends CognitoIdentityProviderException.Builder> CognitoIdentityProviderException error(
            B builder, int status, String code) {
        builder.statusCode(status).awsErrorDetails(AwsErrorDetails.builder().errorCode(code)
                .errorMessage("Cognito said something quoting input").build());
        return (CognitoIdentityProviderException) builder.build();
    }

    @Test
    void Cognito_throttling_is_503_with_Retry_After() {
        Problem problem = CognitoErrors.problem(error(TooManyRequestsException.builder(), 400, "TooManyRequestsException"), "");

        assertEquals(503, problem.status());
        assertEquals("2", problem.headers().get("Retry-After"));
    }

    @Test
    void a_Cognito_outage_is_503_with_Retry_After() {
        Problem problem = CognitoErrors.problem(error(InternalErrorException.builder(), 500, "InternalErrorException"), "");

        assertEquals(503, problem.status());
        assertTrue(problem.headers().containsKey("Retry-After"));
    }

    @Test
    void too_many_attempts_is_429_with_Retry_After() {
        Problem problem = CognitoErrors.problem(error(LimitExceededException.builder(), 400, "LimitExceededException"), "code");

        assertEquals(429, problem.status());
        assertEquals("60", problem.headers().get("Retry-After"));
    }

    @Test
    void a_wrong_code_is_400_naming_the_field() {
        Problem problem = CognitoErrors.problem(error(CodeMismatchException.builder(), 400, "CodeMismatchException"), "code");

        assertEquals(400, problem.status());
        assertEquals("code", problem.errors().get(0).field());
    }

    @Test
    void a_password_Cognito_refuses_is_400_on_newPassword_without_Cognitos_words() {
        Problem problem = CognitoErrors.problem(error(InvalidPasswordException.builder(), 400, "InvalidPasswordException"), "newPassword");

        assertEquals(400, problem.status());
        assertEquals("newPassword", problem.errors().get(0).field());
        assertFalse(problem.errors().get(0).message().contains("quoting input"));
    }

    @Test
    void a_token_whose_user_the_sign_in_service_no_longer_knows_is_401_sign_in_again() {
        Problem problem = CognitoErrors.problem(error(UserNotFoundException.builder(), 400, "UserNotFoundException"), "");

        assertEquals(401, problem.status());
        assertTrue(problem.headers().get("WWW-Authenticate").contains("invalid_token"));
    }

    @Test
    void any_other_refusal_of_the_client_is_a_4xx_never_a_500() {
        Problem problem = CognitoErrors.problem(error(UserNotConfirmedException.builder(), 400, "UserNotConfirmedException"), "");

        assertTrue(problem.status() >= 400 && problem.status() < 500, () -> "status " + problem.status());
    }

    @Test
    void each_refused_passkey_registration_is_400_on_credential_saying_why() {
        Map<String, CognitoIdentityProviderException> refusals = Map.of(
                "replayed", error(WebAuthnChallengeNotFoundException.builder(), 400, "WebAuthnChallengeNotFoundException"),
                "another site", error(WebAuthnRelyingPartyMismatchException.builder(), 400, "WebAuthnRelyingPartyMismatchException"),
                "origin", error(WebAuthnOriginNotAllowedException.builder(), 400, "WebAuthnOriginNotAllowedException"),
                "another app", error(WebAuthnClientMismatchException.builder(), 400, "WebAuthnClientMismatchException"),
                "does not support", error(WebAuthnCredentialNotSupportedException.builder(), 400, "WebAuthnCredentialNotSupportedException"),
                "not a valid passkey registration", error(InvalidParameterException.builder(), 400, "InvalidParameterException"));
        refusals.forEach((why, refusal) -> {
            Problem problem = CognitoErrors.problem(refusal, "credential");
            assertEquals(400, problem.status(), why);
            assertEquals(List.of("credential"), problem.errors().stream().map(Problem.FieldError::field).toList(), why);
            assertTrue(problem.errors().get(0).message().contains(why), problem.errors().get(0)::message);
            assertFalse(problem.errors().get(0).message().contains("quoting input"), "Cognito's message is not passed on");
        });
    }

    @Test
    void passkeys_off_at_the_pool_is_409_and_a_pool_without_a_relying_party_is_503() {
        Problem off = CognitoErrors.problem(error(WebAuthnNotEnabledException.builder(), 400, "WebAuthnNotEnabledException"), "");
        Problem unset = CognitoErrors.problem(error(WebAuthnConfigurationMissingException.builder(), 400,
                "WebAuthnConfigurationMissingException"), "");

        assertEquals(409, off.status());
        assertEquals("urn:myprofile:problem:passkeys-not-enabled", off.type());
        assertEquals(503, unset.status());
        assertTrue(unset.headers().containsKey("Retry-After"));
    }
}
