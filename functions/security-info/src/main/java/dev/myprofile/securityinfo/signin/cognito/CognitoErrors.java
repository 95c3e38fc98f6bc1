package dev.myprofile.securityinfo.signin.cognito;

import dev.myprofile.shared.log.Log;
import dev.myprofile.securityinfo.Texts;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.problem.Problem;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EnableSoftwareTokenMfaException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExpiredCodeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SoftwareTokenMfaNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyFailedAttemptsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnChallengeNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnClientMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnConfigurationMissingException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnCredentialNotSupportedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnOriginNotAllowedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnRelyingPartyMismatchException;

import java.util.List;

/**
 * Cognito's refusals as problems: the client's mistakes (a wrong code, a password its policy
 * refuses) are 400s naming the field, its limits 429 with Retry-After, its throttling and outages
 * 503 with Retry-After. A client's mistake is never a 500. Only the error code is logged: Cognito's
 * messages can quote what was sent.
 */
final class CognitoErrors {
    private static final String RETRY_LIMIT_SECONDS = "60";

    private CognitoErrors() {}

    static Problem wrongCode(String field) {
        return Problem.invalid(List.of(Problem.FieldError.in(Texts.CATALOG, field, FieldCode.WRONG_APP_CODE)));
    }

    /** The passkey operations' own refusals, each saying why; null for any other error. */
    private static Problem passkeyProblem(CognitoIdentityProviderException e) {
        if (e instanceof WebAuthnChallengeNotFoundException) {
            return credential(FieldCode.PASSKEY_REPLAYED);
        }
        if (e instanceof WebAuthnRelyingPartyMismatchException) {
            return credential(FieldCode.PASSKEY_OTHER_SITE);
        }
        if (e instanceof WebAuthnOriginNotAllowedException) {
            return credential(FieldCode.PASSKEY_OTHER_ORIGIN);
        }
        if (e instanceof WebAuthnClientMismatchException) {
            return credential(FieldCode.PASSKEY_OTHER_APP);
        }
        if (e instanceof WebAuthnCredentialNotSupportedException) {
            return credential(FieldCode.PASSKEY_UNSUPPORTED);
        }
        if (e instanceof WebAuthnNotEnabledException) {
            return Problem.of(409, "passkeys-not-enabled", "Passkeys are not turned on",
                    "The sign-in service does not take passkeys for this account. Ask your administrator.");
        }
        if (e instanceof WebAuthnConfigurationMissingException) {
            return Problem.unavailable("Passkeys are not set up at the sign-in service yet.");
        }
        return null;
    }

    private static Problem credential(FieldCode why) {
        return Problem.invalid(List.of(Problem.FieldError.in(Texts.CATALOG, "credential", why)));
    }

    static Problem problem(CognitoIdentityProviderException e, String field) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        Log.warn("cognito.refused", "code", code, "status", e.statusCode());
        if (e.statusCode() >= 500 || e.isThrottlingException()) {
            return Problem.unavailable("The sign-in service is busy. Try again in a moment.");
        }
        if (e instanceof CodeMismatchException || e instanceof EnableSoftwareTokenMfaException) {
            return wrongCode(field.isEmpty() ? "code" : field);
        }
        if (e instanceof ExpiredCodeException) {
            return Problem.invalid(List.of(Problem.FieldError.in(Texts.CATALOG, field.isEmpty() ? "code" : field,
                    FieldCode.EXPIRED_CODE)));
        }
        if (e instanceof InvalidPasswordException) {
            return Problem.invalid(List.of(Problem.FieldError.in(Texts.CATALOG, "newPassword", FieldCode.PASSWORD_POLICY)));
        }
        Problem passkey = passkeyProblem(e);
        if (passkey != null) {
            return passkey;
        }
        if (e instanceof LimitExceededException || e instanceof TooManyFailedAttemptsException) {
            return Problem.of(429, "too-many-attempts", "Too many attempts",
                    "The sign-in service refuses more attempts for now. Wait a while, then try again.")
                    .withHeader("Retry-After", RETRY_LIMIT_SECONDS);
        }
        if (e instanceof SoftwareTokenMfaNotFoundException) {
            return Problem.of(409, "enrollment-not-started", "Start adding the app again",
                    "No authenticator app is being added. Start again to get a new QR code.");
        }
        if (e instanceof NotAuthorizedException || e instanceof UserNotFoundException) {
            return Problem.of(401, "unauthorized", "Please sign in again",
                    "The sign-in service no longer accepts this sign-in.")
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"The sign-in service refused the token\"");
        }
        if (e instanceof InvalidParameterException && "credential".equals(field)) {
            // Cognito verified the registration response and refused it: a tampered or broken one.
            return credential(FieldCode.PASSKEY_REFUSED);
        }
        if (e instanceof InvalidParameterException) {
            return Problem.badRequest("The sign-in service refused a value of this request.");
        }
        return Problem.badRequest("The sign-in service refused the request.");
    }
}
