package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.securityinfo.store.MethodStore;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.text.Language;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /me/security-info}: every method (kind, masked target, name, added at, default, what it
 * is used for), when the password last changed, and the policy status. One DynamoDB query of our
 * items and one Cognito GetUser; with passkeys offered, also Cognito's ListWebAuthnCredentials (the
 * passkeys and security keys, and how to add one). With another OpenID provider: that the provider manages the
 * methods, and its page.
 *
 * <p>A listed passkey without our item was added at the sign-in service, not through us (managed
 * login's add page, or its offer after a sign-in): this read records it ({@link PasskeysAddedElsewhere}),
 * with the activity entry and the notice to the address on file when it was added in the last
 * {@link PasskeysAddedElsewhere#RECENT}, once however many reads race. That is the only write here, and
 * best effort: the answer is the list whether or not it succeeds. When every listed passkey has its
 * item (the usual read) there is nothing more than the reads above.
 */
public final class GetSecurityInfoHandler extends SecurityInfoFunction {
    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        SecurityInfoWiring wiring = flow.page();
        Optional<SignInMethods> signIn = wiring.signIn();
        if (signIn.isEmpty()) {
            return ApiResponse.json(200, g -> SecurityInfoJson.managedElsewhere(g, wiring.accountPageUrl()));
        }
        String token = request.bearerToken();
        SignInMethods.Account account = signIn.get().account(token);
        // Our items before Cognito's list: a key removed meanwhile (Cognito first, then our item) can then not be
        // listed without its item and taken for one added elsewhere; one added meanwhile through us can, and
        // PostPasskeysVerifyHandler leaves what this read records.
        MethodStore.Stored stored = wiring.store().read(caller.userKey());
        List<SignInMethods.PasskeyCredential> passkeys = wiring.passkeys().isPresent() ? signIn.get().passkeys(token) : List.of();
        PasskeysAddedElsewhere.record(wiring.store(), wiring.notifier(), caller.userKey(), account, passkeys,
                stored.passkeys(), api.clock().instant(), Language.choose(Optional.empty(), request.header("accept-language")));
        return ApiResponse.json(200, g -> SecurityInfoJson.write(g,
                SecurityInfos.of(account, stored, wiring.twoStepRequired(), passkeys), wiring.passkeys()));
    }

    public GetSecurityInfoHandler() { super(Api.fromEnvironment()); }

    public GetSecurityInfoHandler(Api api) { super(api); }
}
