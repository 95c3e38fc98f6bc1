package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.model.SecurityMethod;
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
 * {@code PATCH /me/security-info/passkeys/{passkeyId}}: give a passkey or security key a name (step-up).
 * The name is ours (Cognito keeps its own for the authenticator); the key must be one Cognito lists
 * for the caller, else 404 and nothing changes. One added at managed login gets our item now. An
 * activity entry and a notice to the email on file.
 */
public final class RenamePasskeyHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("name", SecurityMethod.MAX_NAME)
            // The name the person saw (ours, or the authenticator's): see RenameMethodHandler.
            .string("current", SecurityMethod.MAX_NAME, false)
            .build();

    private final SecurityInfoWiring wiring;

    public RenamePasskeyHandler() {
        this(Api.fromEnvironment());
    }

    public RenamePasskeyHandler(Api api) {
        this(api, SecurityInfoWiring.of(api));
    }

    public RenamePasskeyHandler(Api api, SecurityInfoWiring wiring) {
        super(api);
        this.wiring = wiring;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String id = Requests.passkeyId(request);
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Requests.passkeys(wiring);
        api.stepUp().require(caller, wiring.mfaMethods());
        String name = Requests.nonBlank(body.string("name")).orElseThrow(() -> Problem.invalid(
                List.of(new Problem.FieldError("name", "must not be blank"))));
        SignInMethods cognito = Requests.cognito(wiring);
        String token = request.bearerToken();
        SignInMethods.PasskeyCredential credential = cognito.passkeys(token).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(Requests::noSuchPasskey);
        Requests.renaming(() -> {
            wiring.store().renamedPasskey(caller.userKey(), id, name, body.string("current"), api.clock().instant(),
                    new ActivityEntry(api.clock().instant(), "method.renamed", Subject.of(Subject.METHOD, "passkey", name),
                            Origin.user(request.sourceIp(), request.userAgent())));
            return true;
        });
        cognito.account(token).notificationAddress().ifPresent(address -> wiring.notifier().send(address, Notice.METHOD_RENAMED,
                Notice.About.method(Notice.Kind.PASSKEY, Optional.of(name), api.clock().instant(), Requests.swedish(request))));
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("id", credential.id());
            g.writeStringField("name", name);
            g.writeEndObject();
        });
    }
}
