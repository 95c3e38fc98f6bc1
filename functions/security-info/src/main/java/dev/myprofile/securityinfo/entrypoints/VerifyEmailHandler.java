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
import dev.myprofile.shared.problem.Problem;

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
    private final CodeVerificationWiring verification;

    public VerifyEmailHandler() {
        this(Api.fromEnvironment());
    }

    public VerifyEmailHandler(Api api) {
        this(api, SecurityInfoWiring.of(api), CodeVerificationWiring.of(api));
    }

    public VerifyEmailHandler(Api api, SecurityInfoWiring wiring, CodeVerificationWiring verification) {
        super(api);
        this.wiring = wiring;
        this.verification = verification;
    }

    private static Problem codeProblem(String message) {
        return Problem.invalid(List.of(new Problem.FieldError("code", message)));
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        api.stepUp().require(caller, wiring.mfaMethods());
        SignInMethods cognito = Requests.cognito(wiring);
        OneTimeCodes codes = verification.requireCodes();
        Instant now = api.clock().instant();
        Challenge challenge = verification.challenges().read(caller.userKey(), MethodType.EMAIL)
                .filter(c -> c.expiresAt().isAfter(now))
                .orElseThrow(() -> codeProblem("has expired or was never sent: ask for a new code"));
        if (challenge.attempts() >= OneTimeCodes.MAX_ATTEMPTS) {
            throw codeProblem("was wrong " + OneTimeCodes.MAX_ATTEMPTS + " times: ask for a new code");
        }
        String hash = codes.hash(caller.userKey().partition(), MethodType.EMAIL.id(), challenge.destination(),
                body.string("code").orElseThrow());
        if (!OneTimeCodes.matches(challenge.codeHash(), hash)) {
            int attempts = verification.challenges().wrongAttempt(caller.userKey(), MethodType.EMAIL, OneTimeCodes.MAX_ATTEMPTS);
            int left = Math.max(0, OneTimeCodes.MAX_ATTEMPTS - attempts);
            throw codeProblem(left == 0 ? "is not the code we sent, and no tries are left: ask for a new code"
                    : "is not the code we sent (" + left + (left == 1 ? " try" : " tries") + " left)");
        }
        if (!verification.challenges().consume(caller.userKey(), MethodType.EMAIL, hash)) {
            throw codeProblem("has already been used: ask for a new code");
        }

        SignInMethods.Account account = cognito.account(Requests.accessToken(request));
        cognito.setVerifiedEmail(account.username(), challenge.destination());
        String name = "Email";
        wiring.store().added(caller.userKey(), new StoredMethod(MethodType.EMAIL, name, now),
                new ActivityEntry(now, "method.changed", Subject.of(Subject.METHOD, MethodType.EMAIL.id(), name),
                        Origin.user(request.sourceIp(), request.userAgent())));
        account.notificationAddress().ifPresent(previous -> wiring.notifier().send(previous, Notice.EMAIL_CHANGED));

        SecurityMethod changed = new SecurityMethod(MethodType.EMAIL, Optional.empty(), Optional.of(Masking.email(challenge.destination())),
                Optional.of(now), false, List.of(SecurityMethod.PASSWORD_RESET));
        return ApiResponse.json(200, g -> SecurityInfoJson.method(g, changed));
    }
}
