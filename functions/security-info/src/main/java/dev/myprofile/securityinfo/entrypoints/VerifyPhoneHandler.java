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
 * {@code POST /me/security-info/phone/verify}: the code we sent (step-up). Accepted once, within 10
 * minutes, before the 5th wrong try; then Cognito gets the number as verified
 * (AdminUpdateUserAttributes) and text-message codes on as a second step (the default when the
 * person has none), our item and activity entry are written, and the email on file is told.
 */
public final class VerifyPhoneHandler extends ApiFunction {
    static final String DEFAULT_NAME = "Mobile phone";
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("code", 6, code -> code.matches("[0-9]{6}"), "6 digits")
            .string("name", SecurityMethod.MAX_NAME, true)
            .build();

    private final SecurityInfoWiring wiring;
    private final Idempotency idempotency;
    private final CodeVerificationWiring phone;

    public VerifyPhoneHandler() {
        this(Api.fromEnvironment());
    }

    public VerifyPhoneHandler(Api api) {
        this(api, SecurityInfoWiring.of(api), CodeVerificationWiring.of(api));
    }

    public VerifyPhoneHandler(Api api, SecurityInfoWiring wiring, CodeVerificationWiring phone) {
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
        SignInMethods cognito = Requests.cognito(wiring);
        OneTimeCodes codes = phone.requireCodes();
        return idempotency.once(request, caller.userKey(), idempotencyKey, () -> verify(request, caller, body, cognito, codes));
    }

    private ApiResponse verify(ApiRequest request, Caller caller, ObjectSchema.Values body, SignInMethods cognito, OneTimeCodes codes) {
        Instant now = api.clock().instant();
        Challenge challenge = phone.accept(codes, caller.userKey(), MethodType.PHONE, body.string("code").orElseThrow(), now);

        String token = request.bearerToken();
        SignInMethods.Account account = cognito.account(token);
        cognito.setVerifiedPhone(account.username(), challenge.destination());
        boolean makeDefault = account.preferred().isEmpty();
        cognito.secondStep(token, MethodType.PHONE, true, makeDefault || account.preferred().filter(MethodType.PHONE::equals).isPresent());
        String name = Requests.nonBlank(body.string("name")).orElse(DEFAULT_NAME);
        wiring.store().added(caller.userKey(), new StoredMethod(MethodType.PHONE, name, now),
                new ActivityEntry(now, "method.added", Subject.of(Subject.METHOD, MethodType.PHONE.id(), name),
                        Origin.user(request.sourceIp(), request.userAgent())));
        account.notificationAddress().ifPresent(address -> wiring.notifier().send(address, Notice.METHOD_ADDED,
                Notice.About.method(Notice.Kind.PHONE, Optional.of(name), now, Requests.swedish(request))));

        SecurityMethod added = new SecurityMethod(MethodType.PHONE, Optional.of(name), Optional.of(Masking.phone(challenge.destination())),
                Optional.of(now), makeDefault, List.of(SecurityMethod.SIGN_IN, SecurityMethod.PASSWORD_RESET));
        return ApiResponse.json(201, g -> SecurityInfoJson.method(g, added))
                .withHeader("Location", "/me/security-info/methods/" + added.id());
    }
}
