package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.model.Masking;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;

/**
 * {@code POST /me/security-info/phone}: add or change the mobile phone (step-up). We send a 6-digit
 * code by text message (SNS) — our own, not Cognito's, so it is in the person's language and rate
 * limited: one per minute per number, five an hour per person (429 with Retry-After). The code is kept
 * only as a keyed hash, for 10 minutes. With an {@code Idempotency-Key}, a repeat answers as the first
 * time and sends nothing.
 */
public final class PostPhoneHandler extends SecurityInfoFunction {
    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String number = Requests.PHONE.parse(request.jsonBody()).string("phoneNumber").orElseThrow();
        // The text in the person's language, the code first so phones can offer it.
        return flow.run(request, caller, Route.CHANGE.once().code(), step -> Change.answer(step.sendCode(MethodType.PHONE,
                number, Masking.phone(number), code -> step.texts().send(number, step.text("code.text", "code", code)))));
    }

    public PostPhoneHandler() { this(Api.fromEnvironment()); }

    public PostPhoneHandler(Api api) { super(SecurityChange.withCodes(api)); }
}
