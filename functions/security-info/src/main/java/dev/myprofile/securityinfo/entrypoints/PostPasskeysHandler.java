package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Step;
import dev.myprofile.securityinfo.model.PasskeyRegistration;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;

/**
 * {@code POST /me/security-info/passkeys}: start adding a passkey or security key (step-up). When the
 * portal runs the ceremony, Cognito's StartWebAuthnRegistration makes the options (with a fresh
 * challenge it keeps for this person and app) that the page hands to {@code navigator.credentials.create};
 * when the relying party is managed login's domain, the answer is managed login's
 * {@code /passkeys/add} page, which brings the person back here.
 */
public final class PostPasskeysHandler extends SecurityInfoFunction {
    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        Requests.noFields(request);
        return flow.run(request, caller, Route.CHANGE.passkey(), step -> Change.answer(started(step, step.page().passkeys().orElseThrow())));
    }

    private static ApiResponse started(Step step, PasskeyRegistration registration) {
        if (registration.mode() == PasskeyRegistration.Mode.MANAGED_LOGIN) {
            String url = registration.addUrl().orElseThrow();
            return ApiResponse.json(200, g -> {
                g.writeStartObject();
                g.writeStringField("mode", registration.mode().wireName());
                g.writeStringField("url", url);
                g.writeEndObject();
            });
        }
        String options = step.signIn().startPasskey(step.token());
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("mode", registration.mode().wireName());
            g.writeFieldName("publicKey");
            g.writeRawValue(options);
            g.writeEndObject();
        });
    }

    public PostPasskeysHandler() { super(Api.fromEnvironment()); }

    public PostPasskeysHandler(Api api) { super(api); }
}
