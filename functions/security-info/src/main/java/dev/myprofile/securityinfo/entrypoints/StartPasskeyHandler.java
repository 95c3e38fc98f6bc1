package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.model.PasskeyRegistration;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;

/**
 * {@code POST /me/security-info/passkeys}: start adding a passkey or security key (step-up). When the
 * portal runs the ceremony, Cognito's StartWebAuthnRegistration makes the options (with a fresh
 * challenge it keeps for this person and app) that the page hands to {@code navigator.credentials.create};
 * when the relying party is managed login's domain, the answer is managed login's
 * {@code /passkeys/add} page, which brings the person back here.
 */
public final class StartPasskeyHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder().build();

    private final SecurityInfoWiring wiring;

    public StartPasskeyHandler() {
        this(Api.fromEnvironment());
    }

    public StartPasskeyHandler(Api api) {
        this(api, SecurityInfoWiring.of(api));
    }

    public StartPasskeyHandler(Api api, SecurityInfoWiring wiring) {
        super(api);
        this.wiring = wiring;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        if (request.hasBody()) {
            BODY.parse(request.jsonBody());
        }
        PasskeyRegistration registration = Requests.passkeys(wiring);
        api.stepUp().require(caller, wiring.mfaMethods());
        if (registration.mode() == PasskeyRegistration.Mode.MANAGED_LOGIN) {
            String url = registration.addUrl().orElseThrow();
            return ApiResponse.json(200, g -> {
                g.writeStartObject();
                g.writeStringField("mode", registration.mode().wireName());
                g.writeStringField("url", url);
                g.writeEndObject();
            });
        }
        String options = Requests.cognito(wiring).startPasskey(request.bearerToken());
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("mode", registration.mode().wireName());
            g.writeFieldName("publicKey");
            g.writeRawValue(options);
            g.writeEndObject();
        });
    }
}
