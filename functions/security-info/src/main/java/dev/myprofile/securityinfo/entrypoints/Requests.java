package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.store.MethodStore;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.model.Passkey;
import dev.myprofile.securityinfo.model.PasskeyRegistration;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.problem.Problem;

import java.util.Locale;
import java.util.Optional;

/** What the security-info handlers read from a request, and the refusals they share. */
final class Requests {
    private Requests() {}

    /**
     * The caller's own access token, already validated by the pipeline: Cognito's user operations take
     * it as their authorization, so a request can only ever act on its own account.
     */
    /** A rename, with "renamed elsewhere meanwhile" as the 409 that says the name it has now. */
    static boolean renaming(java.util.function.BooleanSupplier rename) {
        try {
            return rename.getAsBoolean();
        } catch (MethodStore.ChangedMeanwhile e) {
            throw Problem.of(409, "renamed-elsewhere", "Renamed elsewhere",
                    "It was renamed elsewhere while you were editing: it is now called \u201c" + e.current()
                            + "\u201d. Check the name and save again.").with("currentName", e.current());
        }
    }

    /** The {@code methodId} path parameter; an id that names no method of ours is simply not found. */
    static MethodType methodType(ApiRequest request) {
        return request.pathParameter("methodId").flatMap(MethodType::byId).orElseThrow(Requests::notFound);
    }

    /** The {@code passkeyId} path parameter: a credential id (base64url); anything else is simply not found. */
    static String passkeyId(ApiRequest request) {
        return request.pathParameter("passkeyId").filter(Passkey::wellFormedId).orElseThrow(Requests::noSuchPasskey);
    }

    static Problem noSuchPasskey() {
        return Problem.notFound("You have no such passkey or security key.");
    }

    /** Passkeys are offered only when configured ({@code PASSKEY_REGISTRATION}) on a Cognito pool. */
    static PasskeyRegistration passkeys(SecurityInfoWiring wiring) {
        cognito(wiring);
        return wiring.passkeys().orElseThrow(() -> Problem.of(409, "passkeys-not-offered", "Passkeys are not offered here",
                "This portal is not set up to add or manage passkeys. Ask your administrator."));
    }

    static Problem notFound() {
        return Problem.notFound("You have no such method.");
    }

    /** With another OpenID provider, that provider keeps the methods: a change here cannot happen. */
    static SignInMethods cognito(SecurityInfoWiring wiring) {
        return wiring.signIn().orElseThrow(() -> {
            Problem problem = Problem.of(409, "managed-by-provider", "Managed by your sign-in provider",
                    "Your sign-in methods are managed by the service you sign in with. Change them on its own page.");
            return wiring.accountPageUrl().map(url -> problem.with("accountPageUrl", url)).orElse(problem);
        });
    }

    static Optional<String> nonBlank(Optional<String> value) {
        return value.filter(v -> !v.isBlank());
    }

    /** Whether the person reads Swedish first (Accept-Language), for the codes' texts and emails. */
    static boolean swedish(ApiRequest request) {
        return request.header("accept-language").map(l -> l.trim().toLowerCase(Locale.ROOT).startsWith("sv")).orElse(false);
    }
}
