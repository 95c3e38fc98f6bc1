package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.signin.SignInMethods;
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

import java.util.Optional;
import java.util.List;

/**
 * {@code PUT /me/security-info/default-method}: which second step the sign-in asks for first
 * (step-up; Cognito's SetUserMFAPreference, preferred). Only a method that can be a second step and
 * that the person has: an email address never can (SECURITY.md).
 */
public final class SetDefaultMethodHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("methodId", 32)
            .build();

    private final SecurityInfoWiring wiring;

    public SetDefaultMethodHandler() {
        this(Api.fromEnvironment());
    }

    public SetDefaultMethodHandler(Api api) {
        this(api, SecurityInfoWiring.of(api));
    }

    public SetDefaultMethodHandler(Api api, SecurityInfoWiring wiring) {
        super(api);
        this.wiring = wiring;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        MethodType type = MethodType.byId(body.string("methodId").orElseThrow())
                .filter(MethodType::secondStep)
                .orElseThrow(() -> Problem.invalid(List.of(new Problem.FieldError("methodId",
                        "must be a method that can be a second step: authenticator-app or phone"))));
        api.stepUp().require(caller, wiring.mfaMethods());
        SignInMethods cognito = Requests.cognito(wiring);
        String token = request.bearerToken();
        SignInMethods.Account account = cognito.account(token);
        if (!account.secondSteps().contains(type)) {
            throw Problem.of(409, "method-not-added", "Add this method first",
                    "Only a method you have added can be your default sign-in method.");
        }
        if (account.preferred().filter(type::equals).isEmpty()) {
            cognito.secondStep(token, type, true, true);
            wiring.store().recorded(caller.userKey(), new ActivityEntry(api.clock().instant(), "method.default-changed",
                    Subject.of(Subject.METHOD, type.id(), null), Origin.user(request.sourceIp(), request.userAgent())));
            account.notificationAddress().ifPresent(address -> wiring.notifier().send(address, Notice.DEFAULT_CHANGED,
                    Notice.About.method(Notice.Kind.of(type), Optional.ofNullable(wiring.store().read(caller.userKey()).methods().get(type))
                            .map(dev.myprofile.securityinfo.store.MethodStore.StoredMethod::name), api.clock().instant(), Requests.swedish(request))));
        }
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("defaultMethodId", type.id());
            g.writeEndObject();
        });
    }
}
