package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Step;
import dev.myprofile.securityinfo.model.SecurityMethod;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.signin.SignInMethods;
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
 * {@code PATCH /me/security-info/passkeys/{passkeyId}}: give a passkey or security key a name (step-up).
 * The name is ours (Cognito keeps its own for the authenticator); the key must be one Cognito lists
 * for the caller, else 404 and nothing changes. One added at managed login gets our item now. An
 * activity entry and a notice to the email on file.
 */
public final class PatchPasskeyHandler extends SecurityInfoFunction {
    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String id = Requests.passkeyId(request);
        ObjectSchema.Values body = Requests.NAMING.parse(request.jsonBody());
        return flow.run(request, caller, Route.CHANGE.passkey(), step -> renamed(step, id, body));
    }

    private static Change renamed(Step step, String id, ObjectSchema.Values body) {
        String name = Requests.nonBlank(body.string("name")).orElseThrow(() -> Problem.invalid(
                List.of(new Problem.FieldError("name", FieldCode.EMPTY))));
        SignInMethods.PasskeyCredential credential = step.signIn().passkeys(step.token()).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(Requests::noSuchPasskey);
        return Change.recorded("method.renamed", Subject.of(Subject.METHOD, "passkey", name), entry -> Requests.renaming(() -> {
                    step.store().renamedPasskey(step.user(), id, name, body.string("current"), step.now(), entry);
                    return true;
                }))
                .telling(Notice.METHOD_RENAMED, Notice.Kind.PASSKEY, Optional.of(name))
                .answering(renamedAnswer(credential.id(), name));
    }

    /** The id and the name it has now. */
    static ApiResponse renamedAnswer(String id, String name) {
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("name", name);
            g.writeEndObject();
        });
    }

    public PatchPasskeyHandler() { super(Api.fromEnvironment()); }

    public PatchPasskeyHandler(Api api) { super(api); }
}
