package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Step;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.qr.QrSvg;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /me/security-info/authenticator-app}: start adding an authenticator app (step-up).
 * Cognito makes the secret (AssociateSoftwareToken); the answer shows it once — as text, as an
 * {@code otpauth://} URI and as a QR code in SVG — and nothing keeps or logs it here. Cognito allows one
 * app per account: with one already, 409 says so.
 */
public final class PostAuthenticatorAppHandler extends SecurityInfoFunction {
    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        Requests.noFields(request);
        return flow.run(request, caller, Route.CHANGE, PostAuthenticatorAppHandler::started);
    }

    private static Change started(Step step) {
        if (step.account().secondSteps().contains(MethodType.AUTHENTICATOR_APP)) {
            throw Requests.authenticatorAppExists();
        }
        String secret = step.signIn().startAuthenticatorApp(step.token());
        String uri = otpauthUri(step.page().authenticatorIssuer(), step.account().attribute("email").orElse(step.caller().subject()), secret);
        String svg = QrSvg.of(uri);
        return Change.answer(ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("secret", secret);
            g.writeStringField("otpauthUri", uri);
            g.writeStringField("qrCodeSvg", svg);
            g.writeEndObject();
        }));
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

    public PostAuthenticatorAppHandler() { super(Api.fromEnvironment()); }

    public PostAuthenticatorAppHandler(Api api) { super(api); }
}
