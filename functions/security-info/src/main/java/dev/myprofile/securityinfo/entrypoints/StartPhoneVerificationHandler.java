package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.codes.OneTimeCodes;
import dev.myprofile.securityinfo.model.Masking;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;

import java.util.Optional;

/**
 * {@code POST /me/security-info/phone}: add or change the mobile phone (step-up). We send a 6-digit
 * code by text message (SNS) — our own, not Cognito's, so it is in the person's language and rate
 * limited: one per minute per number, five an hour per person (429 with Retry-After). The code is kept
 * only as a keyed hash, for 10 minutes. With an {@code Idempotency-Key}, a repeat answers as the first
 * time and sends nothing.
 */
public final class StartPhoneVerificationHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("phoneNumber", 16, n -> n.matches("\\+[1-9][0-9]{6,14}"), "an E.164 number, like +46701234567")
            .build();

    private final SecurityInfoWiring wiring;
    private final Idempotency idempotency;
    private final CodeVerificationWiring phone;

    public StartPhoneVerificationHandler() {
        this(Api.fromEnvironment());
    }

    public StartPhoneVerificationHandler(Api api) {
        this(api, SecurityInfoWiring.of(api), CodeVerificationWiring.of(api));
    }

    public StartPhoneVerificationHandler(Api api, SecurityInfoWiring wiring, CodeVerificationWiring phone) {
        super(api);
        this.idempotency = Idempotency.of(api);
        this.wiring = wiring;
        this.phone = phone;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Optional<String> idempotencyKey = Idempotency.key(request);
        api.stepUp().require(caller, wiring.mfaMethods());
        Requests.cognito(wiring);
        OneTimeCodes codes = phone.requireCodes();
        String number = body.string("phoneNumber").orElseThrow();
        return idempotency.once(request, caller.userKey(), idempotencyKey, () -> phone.send(codes, caller.userKey(), MethodType.PHONE,
                number, Masking.phone(number), api.clock().instant(), code -> phone.texts().send(number, message(request, code))));
    }

    /** The text in the person's language (Swedish or English), the code first so phones can offer it. */
    private static String message(ApiRequest request, String code) {
        return Requests.swedish(request)
                ? code + " är din kod för My Profile. Den gäller i 10 minuter. Ge den inte till någon."
                : code + " is your My Profile code. It is valid for 10 minutes. Don't share it with anyone.";
    }
}
