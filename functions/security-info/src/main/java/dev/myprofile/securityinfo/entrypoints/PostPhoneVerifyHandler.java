package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Step;
import dev.myprofile.securityinfo.model.Masking;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.model.SecurityMethod;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.signin.SignInMethods;
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
 * {@code POST /me/security-info/phone/verify}: the code we sent (step-up). Accepted once, within 10
 * minutes, before the 5th wrong try; then Cognito gets the number as verified
 * (AdminUpdateUserAttributes) and text-message codes on as a second step (the default when the
 * person has none), our item and activity entry are written, and the email on file is told.
 */
public final class PostPhoneVerifyHandler extends SecurityInfoFunction {
    static final String DEFAULT_NAME = "Mobile phone";

    PostPhoneVerifyHandler(SecurityChange flow) {
        super(flow);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        ObjectSchema.Values body = Requests.CODE_AND_NAME.parse(request.jsonBody());
        String name = Requests.nonBlank(body.string("name")).orElse(DEFAULT_NAME);
        return flow.run(request, caller, Route.CHANGE.once().code(), step -> verified(step, body.string("code").orElseThrow(), name));
    }

    private static Change verified(Step step, String code, String name) {
        Challenge challenge = step.acceptCode(MethodType.PHONE, code);
        SignInMethods.Account account = step.account();
        step.signIn().setVerifiedPhone(account.username(), challenge.destination());
        boolean makeDefault = account.preferred().isEmpty();
        step.signIn().secondStep(step.token(), MethodType.PHONE, true,
                makeDefault || account.preferred().filter(MethodType.PHONE::equals).isPresent());
        SecurityMethod added = new SecurityMethod(MethodType.PHONE, Optional.of(name), Optional.of(Masking.phone(challenge.destination())),
                Optional.of(step.now()), makeDefault, List.of(SecurityMethod.SIGN_IN, SecurityMethod.PASSWORD_RESET));
        return Change.written("method.added", Subject.of(Subject.METHOD, MethodType.PHONE.id(), name),
                        entry -> step.store().added(step.user(), new StoredMethod(MethodType.PHONE, name, step.now()), entry))
                .telling(Notice.METHOD_ADDED, Notice.Kind.PHONE, Optional.of(name))
                .answering(SecurityInfoJson.created(added));
    }

    public PostPhoneVerifyHandler() { this(Api.fromEnvironment()); }

    public PostPhoneVerifyHandler(Api api) { super(SecurityChange.withCodes(api)); }
}
