package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Step;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.securityinfo.store.MethodStore;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;

import java.util.Optional;

/**
 * {@code DELETE /me/security-info/passkeys/{passkeyId}}: remove a passkey or security key (step-up).
 * Cognito's DeleteWebAuthnCredential with the caller's own token can only remove the caller's own
 * key: another person's id is not found (404) and nothing changes. Then our item goes with the
 * activity entry, and a notice goes to the email on file.
 */
public final class DeletePasskeyHandler extends SecurityInfoFunction {
    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String id = Requests.passkeyId(request);
        return flow.run(request, caller, Route.CHANGE.passkey(), step -> removed(step, id));
    }

    private static Change removed(Step step, String id) {
        Optional<SignInMethods.PasskeyCredential> credential = step.signIn().passkeys(step.token()).stream()
                .filter(c -> c.id().equals(id)).findFirst();
        if (credential.isEmpty() || !step.signIn().deletePasskey(step.token(), id)) {
            throw Requests.noSuchPasskey();
        }
        MethodStore.StoredPasskey ours = step.store().read(step.user()).passkeys().get(id);
        String name = ours != null && ours.name().isPresent() ? ours.name().get() : credential.get().authenticatorName();
        return Change.written("method.removed", Subject.of(Subject.METHOD, "passkey", name), entry -> step.store().removedPasskey(step.user(), id, entry))
                .telling(Notice.METHOD_REMOVED, Notice.Kind.PASSKEY, Optional.ofNullable(name))
                .answering(ApiResponse.noContent());
    }

    public DeletePasskeyHandler() { super(Api.fromEnvironment()); }

    public DeletePasskeyHandler(Api api) { super(api); }
}
