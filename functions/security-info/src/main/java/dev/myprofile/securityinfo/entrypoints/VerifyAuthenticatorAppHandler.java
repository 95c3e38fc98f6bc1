package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.model.SecurityMethod;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.signin.SignInMethods;
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
 * {@code POST /me/security-info/authenticator-app/verify}: finish adding the app with a current code
 * and a name (step-up). Cognito checks the code (VerifySoftwareToken; a wrong one is a 400 on
 * {@code code}) and turns the app on as a second step, the default one when the person has none yet.
 * Then our item with its name and the activity entry (one transaction), and a notice to the email on
 * file.
 */
public final class VerifyAuthenticatorAppHandler extends ApiFunction {
    static final String DEFAULT_NAME = "Authenticator app";
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("code", 6, code -> code.matches("[0-9]{6}"), "6 digits")
            .string("name", SecurityMethod.MAX_NAME, true)
            .build();

    private final SecurityInfoWiring wiring;
    private final Idempotency idempotency;

    public VerifyAuthenticatorAppHandler() {
        this(Api.fromEnvironment());
    }

    public VerifyAuthenticatorAppHandler(Api api) {
        this(api, SecurityInfoWiring.of(api));
    }

    public VerifyAuthenticatorAppHandler(Api api, SecurityInfoWiring wiring) {
        super(api);
        this.idempotency = Idempotency.of(api);
        this.wiring = wiring;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Optional<String> idempotencyKey = Idempotency.key(request);
        api.stepUp().require(caller, wiring.mfaMethods());
        SignInMethods cognito = Requests.cognito(wiring);
        return idempotency.once(request, caller.userKey(), idempotencyKey, () -> verify(request, caller, body, cognito));
    }

    private ApiResponse verify(ApiRequest request, Caller caller, ObjectSchema.Values body, SignInMethods cognito) {
        String token = request.bearerToken();
        String name = Requests.nonBlank(body.string("name")).orElse(DEFAULT_NAME);
        // Our item first, then the sign-in service: an item seen here while the sign-in service has no
        // app is a stale one (ours is written only after the sign-in service has the app).
        Optional<Instant> seen = Optional.ofNullable(wiring.store().read(caller.userKey()).methods().get(MethodType.AUTHENTICATOR_APP))
                .map(StoredMethod::addedAt);
        SignInMethods.Account account = cognito.account(token);
        if (account.secondSteps().contains(MethodType.AUTHENTICATOR_APP)) {
            throw exists();
        }
        cognito.verifyAuthenticatorApp(token, body.string("code").orElseThrow(), name);
        boolean makeDefault = account.preferred().isEmpty();
        cognito.secondStep(token, MethodType.AUTHENTICATOR_APP, true, makeDefault);

        Instant now = api.clock().instant();
        // The deciding write is conditional: of requests racing past the check above, one records the
        // app, writes the entry and sends the notice; the others are told it exists.
        if (!wiring.store().addedOnce(caller.userKey(), new StoredMethod(MethodType.AUTHENTICATOR_APP, name, now), seen,
                new ActivityEntry(now, "method.added", Subject.of(Subject.METHOD, MethodType.AUTHENTICATOR_APP.id(), name),
                        Origin.user(request.sourceIp(), request.userAgent())))) {
            throw exists();
        }
        account.notificationAddress().ifPresent(address -> wiring.notifier().send(address, Notice.METHOD_ADDED,
                Notice.About.method(Notice.Kind.AUTHENTICATOR_APP, Optional.of(name), now, Requests.swedish(request))));

        SecurityMethod added = new SecurityMethod(MethodType.AUTHENTICATOR_APP, Optional.of(name), Optional.empty(),
                Optional.of(now), makeDefault, List.of(SecurityMethod.SIGN_IN));
        return ApiResponse.json(201, g -> SecurityInfoJson.method(g, added))
                .withHeader("Location", "/me/security-info/methods/" + added.id());
    }

    private static Problem exists() {
        return Problem.of(409, "authenticator-app-exists", "You already have an authenticator app",
                "The sign-in service keeps one authenticator app per account. Remove the one you have before adding another.");
    }
}
