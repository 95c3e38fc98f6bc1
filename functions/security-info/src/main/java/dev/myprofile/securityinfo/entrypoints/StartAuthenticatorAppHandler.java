package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.qr.QrSvg;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.problem.Problem;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /me/security-info/authenticator-app}: start adding an authenticator app (step-up).
 * Cognito makes the secret (AssociateSoftwareToken); the answer shows it once — as text, as an
 * {@code otpauth://} URI and as a QR code in SVG — and nothing keeps or logs it here. Cognito allows one
 * app per account: with one already, 409 says so.
 */
public final class StartAuthenticatorAppHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder().build();

    private final SecurityInfoWiring wiring;

    public StartAuthenticatorAppHandler() {
        this(Api.fromEnvironment());
    }

    public StartAuthenticatorAppHandler(Api api) {
        this(api, SecurityInfoWiring.of(api));
    }

    public StartAuthenticatorAppHandler(Api api, SecurityInfoWiring wiring) {
        super(api);
        this.wiring = wiring;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        if (request.hasBody()) {
            BODY.parse(request.jsonBody());
        }
        api.stepUp().require(caller, wiring.mfaMethods());
        SignInMethods cognito = Requests.cognito(wiring);
        String token = request.bearerToken();
        SignInMethods.Account account = cognito.account(token);
        if (account.secondSteps().contains(MethodType.AUTHENTICATOR_APP)) {
            throw Problem.of(409, "authenticator-app-exists", "You already have an authenticator app",
                    "The sign-in service keeps one authenticator app per account. Remove the one you have before adding another.");
        }
        String secret = cognito.startAuthenticatorApp(token);
        String uri = otpauthUri(wiring.authenticatorIssuer(), account.attribute("email").orElse(caller.subject()), secret);
        String svg = QrSvg.of(uri);
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("secret", secret);
            g.writeStringField("otpauthUri", uri);
            g.writeStringField("qrCodeSvg", svg);
            g.writeEndObject();
        });
    }

    /** The Key URI Format authenticator apps read: issuer and account as the label, SHA-1, 6 digits, 30 s. */
    static String otpauthUri(String issuer, String account, String secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=6&period=30";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
