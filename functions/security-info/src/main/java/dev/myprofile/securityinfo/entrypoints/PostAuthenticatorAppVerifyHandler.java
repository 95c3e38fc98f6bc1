package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Step;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.model.SecurityMethod;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.store.MethodStore.StoredMethod;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;

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
public final class PostAuthenticatorAppVerifyHandler extends SecurityInfoFunction {
    static final String DEFAULT_NAME = "Authenticator app";

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        ObjectSchema.Values body = Requests.CODE_AND_NAME.parse(request.jsonBody());
        String name = Requests.nonBlank(body.string("name")).orElse(DEFAULT_NAME);
        return flow.run(request, caller, Route.CHANGE.once(), step -> added(step, body.string("code").orElseThrow(), name));
    }

    private static Change added(Step step, String code, String name) {
        // Our item first, then the sign-in service: an item seen here while the sign-in service has no
        // app is a stale one (ours is written only after the sign-in service has the app).
        Optional<Instant> seen = Optional.ofNullable(step.store().read(step.user()).methods().get(MethodType.AUTHENTICATOR_APP))
                .map(StoredMethod::addedAt);
        if (step.account().secondSteps().contains(MethodType.AUTHENTICATOR_APP)) {
            throw Requests.authenticatorAppExists();
        }
        step.signIn().verifyAuthenticatorApp(step.token(), code, name);
        boolean makeDefault = step.account().preferred().isEmpty();
        step.signIn().secondStep(step.token(), MethodType.AUTHENTICATOR_APP, true, makeDefault);
        SecurityMethod added = new SecurityMethod(MethodType.AUTHENTICATOR_APP, Optional.of(name), Optional.empty(),
                Optional.of(step.now()), makeDefault, List.of(SecurityMethod.SIGN_IN));
        // The deciding write is conditional: of requests racing past the check above, one records the
        // app, writes the entry and sends the notice; the others are told it exists.
        return Change.recorded("method.added", Subject.of(Subject.METHOD, MethodType.AUTHENTICATOR_APP.id(), name), entry -> {
                    if (!step.store().addedOnce(step.user(), new StoredMethod(MethodType.AUTHENTICATOR_APP, name, step.now()), seen, entry)) {
                        throw Requests.authenticatorAppExists();
                    }
                    return true;
                })
                .telling(Notice.METHOD_ADDED, Notice.Kind.AUTHENTICATOR_APP, Optional.of(name))
                .answering(SecurityInfoJson.created(added));
    }

    public PostAuthenticatorAppVerifyHandler() { super(Api.fromEnvironment()); }

    public PostAuthenticatorAppVerifyHandler(Api api) { super(api); }
}
