package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.codes.OneTimeCodes;
import dev.myprofile.securityinfo.model.Masking;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.model.SecurityMethod;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.securityinfo.store.ChallengeStore.Challenge;
import dev.myprofile.securityinfo.store.MethodStore.StoredMethod;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /me/security-info/email/verify}: the code we emailed to the new address (step-up),
 * under a phone code's rules. Then Cognito gets the address as verified (AdminUpdateUserAttributes),
 * our item and activity entry are written, and the notice goes to the address the account had —
 * never only to the new one.
 */
public final class VerifyEmailHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("code", 6, code -> code.matches("[0-9]{6}"), "6 digits")
            .build();

    private final SecurityInfoWiring wiring;
    private final Idempotency idempotency;
    private final CodeVerificationWiring verification;

    public VerifyEmailHandler() {
        this(Api.fromEnvironment());
    }

    public VerifyEmailHandler(Api api) {
        this(api, SecurityInfoWiring.of(api), CodeVerificationWiring.of(api));
    }

    public VerifyEmailHandler(Api api, SecurityInfoWiring wiring, CodeVerificationWiring verification) {
        super(api);
        this.idempotency = Idempotency.of(api);
        this.wiring = wiring;
        this.verification = verification;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Optional<String> idempotencyKey = Idempotency.key(request);
        api.stepUp().require(caller, wiring.mfaMethods());
        SignInMethods cognito = Requests.cognito(wiring);
        OneTimeCodes codes = verification.requireCodes();
        return idempotency.once(request, caller.userKey(), idempotencyKey, () -> verify(request, caller, body, cognito, codes));
    }

    private ApiResponse verify(ApiRequest request, Caller caller, ObjectSchema.Values body, SignInMethods cognito, OneTimeCodes codes) {
        Instant now = api.clock().instant();
        Challenge challenge = verification.accept(codes, caller.userKey(), MethodType.EMAIL, body.string("code").orElseThrow(), now);

        SignInMethods.Account account = cognito.account(request.bearerToken());
        cognito.setVerifiedEmail(account.username(), challenge.destination());
        String name = "Email";
        wiring.store().emailChanged(caller.userKey(), new StoredMethod(MethodType.EMAIL, name, now),
                new ActivityEntry(now, "method.changed", Subject.of(Subject.METHOD, MethodType.EMAIL.id(), name),
                        Origin.user(request.sourceIp(), request.userAgent())), challenge.destination(), now);
        account.notificationAddress().ifPresent(previous -> wiring.notifier().send(previous, Notice.EMAIL_CHANGED,
                Notice.About.account(now, Requests.swedish(request))));

        SecurityMethod changed = new SecurityMethod(MethodType.EMAIL, Optional.empty(), Optional.of(Masking.email(challenge.destination())),
                Optional.of(now), false, List.of(SecurityMethod.PASSWORD_RESET));
        return ApiResponse.json(200, g -> SecurityInfoJson.method(g, changed));
    }
}
