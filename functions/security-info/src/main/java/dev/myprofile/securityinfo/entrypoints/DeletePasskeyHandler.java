package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.securityinfo.store.MethodStore;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;

import java.util.Optional;

/**
 * {@code DELETE /me/security-info/passkeys/{passkeyId}}: remove a passkey or security key (step-up).
 * Cognito's DeleteWebAuthnCredential with the caller's own token can only remove the caller's own
 * key: another person's id is not found (404) and nothing changes. Then our item goes with the
 * activity entry, and a notice goes to the email on file.
 */
public final class DeletePasskeyHandler extends ApiFunction {
    private final SecurityInfoWiring wiring;

    public DeletePasskeyHandler() {
        this(Api.fromEnvironment());
    }

    public DeletePasskeyHandler(Api api) {
        this(api, SecurityInfoWiring.of(api));
    }

    public DeletePasskeyHandler(Api api, SecurityInfoWiring wiring) {
        super(api);
        this.wiring = wiring;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String id = Requests.passkeyId(request);
        Requests.passkeys(wiring);
        api.stepUp().require(caller, wiring.mfaMethods());
        SignInMethods cognito = Requests.cognito(wiring);
        String token = request.bearerToken();
        Optional<SignInMethods.PasskeyCredential> credential = cognito.passkeys(token).stream().filter(c -> c.id().equals(id)).findFirst();
        if (credential.isEmpty() || !cognito.deletePasskey(token, id)) {
            throw Requests.noSuchPasskey();
        }
        MethodStore.StoredPasskey ours = wiring.store().read(caller.userKey()).passkeys().get(id);
        String name = ours != null && ours.name().isPresent() ? ours.name().get() : credential.get().authenticatorName();
        wiring.store().removedPasskey(caller.userKey(), id, new ActivityEntry(api.clock().instant(), "method.removed",
                Subject.of(Subject.METHOD, "passkey", name), Origin.user(request.sourceIp(), request.userAgent())));
        cognito.account(token).notificationAddress().ifPresent(address -> wiring.notifier().send(address, Notice.METHOD_REMOVED,
                Notice.About.method(Notice.Kind.PASSKEY, Optional.ofNullable(name), api.clock().instant(), Requests.swedish(request))));
        return ApiResponse.noContent();
    }
}
