package dev.myprofile.securityinfo.entrypoints;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.myprofile.securityinfo.store.MethodStore;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.model.Passkey;
import dev.myprofile.securityinfo.model.PasskeyRegistration;
import dev.myprofile.securityinfo.model.SecurityMethod;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.problem.Problem;

import java.io.IOException;
import java.util.Optional;

/** What the security-info handlers read from a request, and the refusals they share. */
final class Requests {
    private Requests() {}

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

    /** Cognito keeps one authenticator app per account. */
    static Problem authenticatorAppExists() {
        return Problem.of(409, "authenticator-app-exists", "You already have an authenticator app",
                "The sign-in service keeps one authenticator app per account. Remove the one you have before adding another.");
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

    /** A new name, and the name the person saw: when given (the web app always gives it), a rename made elsewhere meanwhile is not overwritten (409). */
    static final ObjectSchema NAMING = ObjectSchema.builder()
            .requiredString("name", SecurityMethod.MAX_NAME)
            .string("current", SecurityMethod.MAX_NAME, false)
            .build();

    /** A code we or the sign-in service sent, and an optional name for the method it adds. */
    static final ObjectSchema CODE_AND_NAME = ObjectSchema.builder()
            .requiredString("code", 6, code -> code.matches("[0-9]{6}"), FieldCode.NOT_DIGITS, "6")
            .string("name", SecurityMethod.MAX_NAME, true)
            .build();

    /** A new phone number. */
    static final ObjectSchema PHONE = ObjectSchema.builder()
            .requiredString("phoneNumber", 16, n -> n.matches("\\+[1-9][0-9]{6,14}"), FieldCode.NOT_PHONE_NUMBER)
            .build();

    /** A new email address. */
    static final ObjectSchema EMAIL = ObjectSchema.builder()
            .requiredString("email", 254, e -> e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"), FieldCode.NOT_EMAIL)
            .build();

    /** A code we sent, alone. */
    static final ObjectSchema CODE = ObjectSchema.builder()
            .requiredString("code", 6, code -> code.matches("[0-9]{6}"), FieldCode.NOT_DIGITS, "6")
            .build();

    /** The start of a body read field by field: a JSON object, or 400. */
    static void objectStart(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw Problem.badRequest("The body must be a JSON object.");
        }
    }

    private static final ObjectSchema NO_FIELDS = ObjectSchema.builder().build();

    /** A route that takes no fields: no body, or an object without any. */
    static void noFields(ApiRequest request) {
        if (request.hasBody()) {
            NO_FIELDS.parse(request.jsonBody());
        }
    }

    static Optional<String> nonBlank(Optional<String> value) {
        return value.filter(v -> !v.isBlank());
    }
}
