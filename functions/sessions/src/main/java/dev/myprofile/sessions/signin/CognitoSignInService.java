package dev.myprofile.sessions.signin;

import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.platform.Platform;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Cognito's {@code AdminUserGlobalSignOut} (and, to close an account, {@code AdminDeleteUser}) for the caller (the access token's {@code username}
 * claim, or their {@code sub}, which Cognito accepts as the user name too), as one SigV4-signed JSON request made with the SDK core the layer already
 * carries: the Cognito SDK module would add megabytes to this jar for one call. Needs
 * {@code cognito-idp:AdminUserGlobalSignOut} on the pool, and {@code USER_POOL_ID}; the endpoint is
 * the region's, or {@code COGNITO_ENDPOINT} (moto, locally and in tests).
 */
public final class CognitoSignInService implements SignInService {
    static final String SIGN_OUT = "AWSCognitoIdentityProviderService.AdminUserGlobalSignOut";
    static final String DELETE = "AWSCognitoIdentityProviderService.AdminDeleteUser";

    private final String userPoolId;
    private final URI endpoint;
    private final String region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final SdkHttpClient http;

    CognitoSignInService(String userPoolId, URI endpoint, String region,
                         IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        this.userPoolId = userPoolId;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(4)).build();
    }

    /** Cognito when the function is given a pool ({@code USER_POOL_ID}), else {@link SignInService#NONE}. */
    public static SignInService from(Platform platform) {
        Config config = platform.config();
        Optional<String> pool = config.get("USER_POOL_ID").filter(p -> !p.isBlank());
        if (pool.isEmpty()) {
            return SignInService.NONE;
        }
        var client = platform.dynamo().serviceClientConfiguration();
        String region = client.region().id();
        URI endpoint = config.get("COGNITO_ENDPOINT").filter(e -> !e.isBlank()).map(URI::create)
                .orElseGet(() -> URI.create("https://cognito-idp." + region + ".amazonaws.com/"));
        return new CognitoSignInService(pool.get(), endpoint, region, client.credentialsProvider());
    }

    @Override
    public Outcome signOutEverywhere(Caller caller, Optional<String> username) {
        return call(SIGN_OUT, username.orElse(caller.subject()));
    }

    /** {@code AdminDeleteUser}: needs {@code cognito-idp:AdminDeleteUser} on the pool. */
    @Override
    public Outcome deleteUser(String username) {
        return call(DELETE, username);
    }

    private Outcome call(String target, String username) {
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("UserPoolId", userPoolId);
            g.writeStringField("Username", username);
            g.writeEndObject();
        }).getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", target)
                .build();
        try {
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(credentials.resolveIdentity().join())
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "cognito-idp")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            int status = response.httpResponse().statusCode();
            String answer = read(response);
            if (status == 200) {
                return Outcome.SIGNED_OUT;
            }
            if (answer.contains("UserNotFoundException")) {
                // No such user at the pool any more: nobody left to sign out there.
                return Outcome.SIGNED_OUT;
            }
            Log.warn("cognito.call_failed", "target", target, "status", status, "error", errorType(answer));
            throw new Unavailable("Cognito answered " + status + " " + errorType(answer), null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof Unavailable unavailable) {
                throw unavailable;
            }
            Log.warn("cognito.call_failed", "target", target, "exception", e.getClass().getName());
            throw new Unavailable("Cognito did not answer", e);
        }
    }

    private static String read(HttpExecuteResponse response) throws IOException {
        Optional<? extends InputStream> body = response.responseBody();
        if (body.isEmpty()) {
            return "";
        }
        try (InputStream in = body.get()) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        }
    }

    /** The {@code __type} of a JSON error answer (never its message, which may name the user). */
    private static String errorType(String answer) {
        int at = answer.indexOf("__type");
        if (at < 0) {
            return "unknown";
        }
        String rest = answer.substring(at + 6).replaceFirst("^\"\\s*:\\s*\"", "");
        int end = rest.indexOf('"');
        String type = end < 0 ? rest : rest.substring(0, end);
        return type.substring(type.lastIndexOf('#') + 1);
    }
}
