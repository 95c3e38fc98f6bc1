package dev.myprofile.securityinfo.signin.cognito;

import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.config.AwsClients;
import dev.myprofile.securityinfo.Texts;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.problem.Problem;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListWebAuthnCredentialsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnCredentialDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Amazon Cognito as the keeper of security info. Every operation but one is a user-token operation
 * (the caller's own access token is the authorization, so the function's role needs no Cognito
 * permission for them); setting a phone number we verified ourselves, and removing it, are
 * administrative ones, which only the functions that do them may call, on this pool alone. Cognito's refusals become problems ({@link CognitoErrors}).
 */
public final class CognitoSignInMethods implements SignInMethods {
    private static final String SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA";
    private static final String SMS_MFA = "SMS_MFA";

    private final CognitoIdentityProviderClient cognito;
    private final String poolId;

    public CognitoSignInMethods(CognitoIdentityProviderClient cognito, String poolId) {
        this.cognito = cognito;
        this.poolId = poolId;
    }

    /** The container's client: url-connection HTTP, region and credentials named, standard retries. */
    public static CognitoIdentityProviderClient client(Config config) {
        return AwsClients.build(CognitoIdentityProviderClient.builder(), config, "COGNITO_ENDPOINT", Duration.ofSeconds(8));
    }

    @Override
    public Account account(String accessToken) {
        GetUserResponse user = call(() -> cognito.getUser(r -> r.accessToken(accessToken)), "");
        Map<String, String> attributes = new LinkedHashMap<>();
        for (AttributeType attribute : user.userAttributes()) {
            attributes.put(attribute.name(), attribute.value());
        }
        Set<MethodType> secondSteps = EnumSet.noneOf(MethodType.class);
        if (user.hasUserMFASettingList()) {
            for (String setting : user.userMFASettingList()) {
                type(setting).ifPresent(secondSteps::add);
            }
        }
        return new Account(user.username(), attributes, secondSteps, Optional.ofNullable(user.preferredMfaSetting()).flatMap(CognitoSignInMethods::type));
    }

    private static Optional<MethodType> type(String cognitoName) {
        return switch (cognitoName) {
            case SOFTWARE_TOKEN_MFA -> Optional.of(MethodType.AUTHENTICATOR_APP);
            case SMS_MFA -> Optional.of(MethodType.PHONE);
            default -> Optional.empty();
        };
    }

    @Override
    public String startPasskey(String accessToken) {
        return JsonDocuments.write(call(() -> cognito.startWebAuthnRegistration(r -> r.accessToken(accessToken)), "")
                .credentialCreationOptions());
    }

    @Override
    public void completePasskey(String accessToken, String credentialJson) {
        call(() -> cognito.completeWebAuthnRegistration(r -> r.accessToken(accessToken)
                .credential(JsonDocuments.parse(credentialJson))), "credential");
    }

    @Override
    public List<PasskeyCredential> passkeys(String accessToken) {
        List<PasskeyCredential> passkeys = new ArrayList<>();
        String next = null;
        do {
            String from = next;
            ListWebAuthnCredentialsResponse page = call(() -> cognito.listWebAuthnCredentials(r -> r.accessToken(accessToken)
                    .maxResults(20).nextToken(from)), "");
            for (WebAuthnCredentialDescription credential : page.credentials()) {
                passkeys.add(new PasskeyCredential(credential.credentialId(), credential.friendlyCredentialName(),
                        credential.createdAt(), Optional.ofNullable(credential.authenticatorAttachment()),
                        credential.hasAuthenticatorTransports() ? credential.authenticatorTransports() : List.of()));
            }
            next = page.nextToken();
        } while (next != null && !next.isEmpty());
        return passkeys;
    }

    @Override
    public boolean deletePasskey(String accessToken, String credentialId) {
        try {
            cognito.deleteWebAuthnCredential(r -> r.accessToken(accessToken).credentialId(credentialId));
            return true;
        } catch (ResourceNotFoundException notTheirs) {
            return false;
        } catch (CognitoIdentityProviderException e) {
            throw CognitoErrors.problem(e, "");
        }
    }

    @Override
    public String startAuthenticatorApp(String accessToken) {
        return call(() -> cognito.associateSoftwareToken(r -> r.accessToken(accessToken)), "").secretCode();
    }

    @Override
    public void verifyAuthenticatorApp(String accessToken, String code, String name) {
        var answer = call(() -> cognito.verifySoftwareToken(r -> r.accessToken(accessToken).userCode(code)
                .friendlyDeviceName(name)), "code");
        if (answer.status() != VerifySoftwareTokenResponseType.SUCCESS) {
            throw CognitoErrors.wrongCode("code");
        }
    }

    @Override
    public void secondStep(String accessToken, MethodType type, boolean enabled, boolean preferred) {
        call(() -> cognito.setUserMFAPreference(r -> {
            r.accessToken(accessToken);
            if (type == MethodType.AUTHENTICATOR_APP) {
                r.softwareTokenMfaSettings(s -> s.enabled(enabled).preferredMfa(preferred));
            } else if (type == MethodType.PHONE) {
                r.smsMfaSettings(s -> s.enabled(enabled).preferredMfa(preferred));
            } else {
                throw new IllegalArgumentException(type + " is no second step");
            }
        }), "methodId");
    }

    @Override
    public void changePassword(String accessToken, String current, String proposed) {
        try {
            cognito.changePassword(r -> r.accessToken(accessToken).previousPassword(current).proposedPassword(proposed));
        } catch (NotAuthorizedException wrongCurrentPassword) {
            // The token passed the pipeline, so what Cognito does not accept is the current password.
            throw Problem.invalid(List.of(Problem.FieldError.in(Texts.CATALOG, "currentPassword", FieldCode.WRONG_PASSWORD)));
        } catch (CognitoIdentityProviderException e) {
            throw CognitoErrors.problem(e, "newPassword");
        }
    }

    @Override
    public void setVerifiedPhone(String username, String phoneNumber) {
        call(() -> cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username(username).userAttributes(
                AttributeType.builder().name("phone_number").value(phoneNumber).build(),
                AttributeType.builder().name("phone_number_verified").value("true").build())), "phoneNumber");
    }

    @Override
    public void setVerifiedEmail(String username, String email) {
        call(() -> cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username(username).userAttributes(
                AttributeType.builder().name("email").value(email).build(),
                AttributeType.builder().name("email_verified").value("true").build())), "email");
    }

    @Override
    public void removePhone(String username) {
        call(() -> cognito.adminDeleteUserAttributes(r -> r.userPoolId(poolId).username(username)
                .userAttributeNames("phone_number")), "");
    }

    private static <T> T call(Supplier<T> operation, String field) {
        try {
            return operation.get();
        } catch (CognitoIdentityProviderException e) {
            throw CognitoErrors.problem(e, field);
        }
    }
}
