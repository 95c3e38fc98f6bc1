package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Step;
import dev.myprofile.securityinfo.model.Masking;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.model.SecurityMethod;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.store.ChallengeStore.Challenge;
import dev.myprofile.securityinfo.store.MethodStore.StoredMethod;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;

import java.util.List;
import java.util.Optional;

/**
 * {@code POST /me/security-info/email/verify}: the code we emailed to the new address (step-up),
 * under a phone code's rules. Then Cognito gets the address as verified (AdminUpdateUserAttributes),
 * our item and activity entry are written, and the notice goes to the address the account had —
 * never only to the new one.
 */
public final class PostEmailVerifyHandler extends SecurityInfoFunction {
    private static final String NAME = "Email";

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String code = Requests.CODE.parse(request.jsonBody()).string("code").orElseThrow();
        return flow.run(request, caller, Route.CHANGE.once().code(), step -> changed(step, step.acceptCode(MethodType.EMAIL, code)));
    }

    /** The account read before the change: its address is the one the notice goes to. */
    private static Change changed(Step step, Challenge challenge) {
        step.signIn().setVerifiedEmail(step.account().username(), challenge.destination());
        SecurityMethod changed = new SecurityMethod(MethodType.EMAIL, Optional.empty(), Optional.of(Masking.email(challenge.destination())),
                Optional.of(step.now()), false, List.of(SecurityMethod.PASSWORD_RESET));
        return Change.written("method.changed", Subject.of(Subject.METHOD, MethodType.EMAIL.id(), NAME), entry -> step.store()
                        .emailChanged(step.user(), new StoredMethod(MethodType.EMAIL, NAME, step.now()), entry, challenge.destination(), step.now()))
                .telling(Notice.EMAIL_CHANGED)
                .answering(ApiResponse.json(200, g -> SecurityInfoJson.method(g, changed)));
    }

    public PostEmailVerifyHandler() { this(Api.fromEnvironment()); }

    public PostEmailVerifyHandler(Api api) { super(SecurityChange.withCodes(api)); }
}
