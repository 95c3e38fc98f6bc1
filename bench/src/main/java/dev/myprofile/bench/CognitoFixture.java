package dev.myprofile.bench;

import dev.myprofile.testkit.Moto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

import java.util.HashMap;
import java.util.Map;

/**
 * A Cognito user pool at moto, as the template creates one, with its web client; its users signed in
 * with a password for real Cognito access tokens; and the template references and local environment
 * for functions that use it (every AWS endpoint moto's).
 */
final class CognitoFixture implements AutoCloseable {
    static final String PASSWORD = "Bench-Password-Long-1";

    private final Moto moto;
    private final CognitoIdentityProviderClient cognito;
    private final String poolId;
    private final String clientId;

    CognitoFixture(Moto moto) {
        this.moto = moto;
        this.cognito = CognitoIdentityProviderClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).region(Region.of(Moto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)))
                .endpointOverride(moto.endpoint()).build();
        this.poolId = cognito.createUserPool(r -> r.poolName("bench").usernameAttributesWithStrings("email")).userPool().id();
        this.clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("web")
                .explicitAuthFlowsWithStrings("ALLOW_USER_PASSWORD_AUTH")).userPoolClient().clientId();
    }

    /** A user with a verified email address and {@link #PASSWORD}. */
    void createUser(String email) {
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(email).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value(email).build(),
                        AttributeType.builder().name("email_verified").value("true").build()));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(email).password(PASSWORD).permanent(true));
    }

    /** A fresh access token of the user (signed in just now: fresh enough for step-up). */
    String accessToken(String email) {
        return cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", PASSWORD))).authenticationResult().accessToken();
    }

    /** The template's references for a stack that creates this pool, with the table {@code tableLogicalId} = {@code table}. */
    Map<String, String> references(String tableLogicalId, String table) {
        Map<String, String> references = new HashMap<>();
        references.put("SignInService", "create-cognito-user-pool");
        references.put("UserPool", poolId);
        references.put("WebClient", clientId);
        references.put("AWS::Region", Moto.REGION);
        references.put("AWS::StackName", "bench");
        // The managed login domain's default prefix is made of the account and the stack's id.
        references.put("AWS::AccountId", "123456789012");
        references.put("AWS::StackId", "arn:aws:cloudformation:" + Moto.REGION + ":123456789012:stack/bench/00000000-0000-4000-8000-000000000000");
        references.put("WebOrigin", MeEvent.ORIGIN);
        // moto has no ListWebAuthnCredentials (local/'s stand-in answers it): measured without passkeys.
        references.put("PasskeyRegistration", "off");
        references.put(tableLogicalId, table);
        return references;
    }

    /** What Lambda and the local runtime add: region, credentials, moto's endpoints, the pool's JWKS and the JIT flags. */
    Map<String, String> local(String javaToolOptions) {
        Map<String, String> local = new HashMap<>();
        local.put("AWS_REGION", Moto.REGION);
        local.put("AWS_ACCESS_KEY_ID", Moto.ACCESS_KEY);
        local.put("AWS_SECRET_ACCESS_KEY", Moto.SECRET_KEY);
        for (String endpoint : new String[] {"DYNAMODB_ENDPOINT", "COGNITO_ENDPOINT", "SSM_ENDPOINT", "SNS_ENDPOINT", "SES_ENDPOINT"}) {
            local.put(endpoint, moto.endpoint().toString());
        }
        local.put("JWKS_URI", moto.endpoint() + "/" + poolId + "/.well-known/jwks.json");
        local.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        return local;
    }

    @Override
    public void close() {
        cognito.close();
    }
}
