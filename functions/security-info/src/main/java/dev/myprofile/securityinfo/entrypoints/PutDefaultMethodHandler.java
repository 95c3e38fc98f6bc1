package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Step;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.store.MethodStore.StoredMethod;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.problem.Problem;

import java.util.Optional;
import java.util.List;

/**
 * {@code PUT /me/security-info/default-method}: which second step the sign-in asks for first
 * (step-up; Cognito's SetUserMFAPreference, preferred). Only a method that can be a second step and
 * that the person has: an email address never can (SECURITY.md).
 */
public final class PutDefaultMethodHandler extends SecurityInfoFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("methodId", 32)
            .build();

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        MethodType type = MethodType.byId(BODY.parse(request.jsonBody()).string("methodId").orElseThrow())
                .filter(MethodType::secondStep)
                .orElseThrow(() -> Problem.invalid(List.of(new Problem.FieldError("methodId",
                        FieldCode.ONE_OF, "authenticator-app, phone"))));
        return flow.run(request, caller, Route.CHANGE, step -> chosen(step, type));
    }

    private static Change chosen(Step step, MethodType type) {
        if (!step.account().secondSteps().contains(type)) {
            throw Problem.of(409, "method-not-added", "Add this method first",
                    "Only a method you have added can be your default sign-in method.");
        }
        ApiResponse answer = ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("defaultMethodId", type.id());
            g.writeEndObject();
        });
        if (step.account().preferred().filter(type::equals).isPresent()) {
            return Change.answer(answer);
        }
        step.signIn().secondStep(step.token(), type, true, true);
        Optional<String> name = Optional.ofNullable(step.store().read(step.user()).methods().get(type)).map(StoredMethod::name);
        return Change.written("method.default-changed", Subject.of(Subject.METHOD, type.id(), null),
                        entry -> step.store().recorded(step.user(), entry))
                .telling(Notice.DEFAULT_CHANGED, Notice.Kind.of(type), name)
                .answering(answer);
    }

    public PutDefaultMethodHandler() { super(Api.fromEnvironment()); }

    public PutDefaultMethodHandler(Api api) { super(api); }
}
