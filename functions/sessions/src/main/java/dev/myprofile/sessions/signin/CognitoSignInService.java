package dev.myprofile.sessions.signin;

import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.config.AwsClients;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.platform.Platform;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

import java.time.Duration;
import java.util.Optional;

/**
 * Cognito's {@code AdminUserGlobalSignOut} (and, to close an account, {@code AdminDeleteUser}) for the
 * caller (the access token's {@code username} claim, or their {@code sub}, which Cognito accepts as the
 * user name too), through the SDK's Cognito client, built once per container as every SDK client is
 * ({@link AwsClients}). Needs {@code cognito-idp:AdminUserGlobalSignOut} (and {@code AdminDeleteUser})
 * on the pool, and {@code USER_POOL_ID}; the endpoint is the region's, or {@code COGNITO_ENDPOINT}
 * (moto, locally and in tests). Cognito's answers are told apart by the SDK's exception types.
 */
public final class CognitoSignInService implements SignInService {
    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;

    CognitoSignInService(CognitoIdentityProviderClient cognito, String userPoolId) {
        this.cognito = cognito;
        this.userPoolId = userPoolId;
    }

    /** Cognito when the function is given a pool ({@code USER_POOL_ID}), else {@link SignInService#NONE}. */
    public static SignInService from(Platform platform) {
        Config config = platform.config();
        Optional<String> pool = config.get("USER_POOL_ID").filter(p -> !p.isBlank());
        if (pool.isEmpty()) {
            return SignInService.NONE;
        }
        return new CognitoSignInService(
                AwsClients.build(CognitoIdentityProviderClient.builder(), config, "COGNITO_ENDPOINT", Duration.ofSeconds(6)),
                pool.get());
    }

    @Override
    public Outcome signOutEverywhere(Caller caller, Optional<String> username) {
        String name = username.orElse(caller.subject());
        return call("AdminUserGlobalSignOut", () -> cognito.adminUserGlobalSignOut(r -> r.userPoolId(userPoolId).username(name)));
    }

    /** {@code AdminDeleteUser}: needs {@code cognito-idp:AdminDeleteUser} on the pool. */
    @Override
    public Outcome deleteUser(String username) {
        return call("AdminDeleteUser", () -> cognito.adminDeleteUser(r -> r.userPoolId(userPoolId).username(username)));
    }

    private static Outcome call(String operation, Runnable request) {
        try {
            request.run();
            return Outcome.SIGNED_OUT;
        } catch (UserNotFoundException e) {
            // No such user at the pool any more: nobody left to sign out there.
            return Outcome.SIGNED_OUT;
        } catch (CognitoIdentityProviderException e) {
            // The error's code only, never its message, which may name the user.
            String type = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
            Log.warn("cognito.call_failed", "operation", operation, "status", e.statusCode(), "error", type);
            throw new Unavailable("Cognito answered " + e.statusCode() + " " + type, e);
        } catch (SdkException e) {
            Log.warn("cognito.call_failed", "operation", operation, "exception", e.getClass().getName());
            throw new Unavailable("Cognito did not answer", e);
        }
    }
}
