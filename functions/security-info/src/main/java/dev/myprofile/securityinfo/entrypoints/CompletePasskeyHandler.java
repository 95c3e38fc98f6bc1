package dev.myprofile.securityinfo.entrypoints;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.myprofile.securityinfo.model.Passkey;
import dev.myprofile.securityinfo.model.RegistrationResponse;
import dev.myprofile.securityinfo.model.SecurityMethod;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.securityinfo.store.MethodStore.StoredPasskey;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.json.Text;
import dev.myprofile.shared.problem.Problem;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /me/security-info/passkeys/verify}: finish adding a passkey with the browser's
 * registration response and an optional name (step-up). Cognito verifies the response
 * (CompleteWebAuthnRegistration: the challenge it issued to this person and app, the origin, the
 * relying party, the attestation) and keeps the key; a replayed or tampered response is a 400 on
 * {@code credential} saying why. Then our item (the name, when it was added, whether it signs in
 * without a password) with the activity entry, and a notice to the email on file — unless a read of
 * the page listed the key in between and recorded it as added elsewhere with its entry and notice
 * ({@link GetSecurityInfoHandler}): then only the name and the rest go on that item, so one add is one
 * entry and one email.
 */
public final class CompletePasskeyHandler extends ApiFunction {
    private final SecurityInfoWiring wiring;
    private final Idempotency idempotency;

    public CompletePasskeyHandler() {
        this(Api.fromEnvironment());
    }

    public CompletePasskeyHandler(Api api) {
        this(api, SecurityInfoWiring.of(api));
    }

    public CompletePasskeyHandler(Api api, SecurityInfoWiring wiring) {
        super(api);
        this.idempotency = Idempotency.of(api);
        this.wiring = wiring;
    }

    record Body(RegistrationResponse credential, Optional<String> name) {}

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        Body body = parse(request.jsonBody());
        Optional<String> idempotencyKey = Idempotency.key(request);
        Requests.passkeys(wiring);
        api.stepUp().require(caller, wiring.mfaMethods());
        SignInMethods cognito = Requests.cognito(wiring);
        return idempotency.once(request, caller.userKey(), idempotencyKey, () -> complete(request, caller, body, cognito));
    }

    private ApiResponse complete(ApiRequest request, Caller caller, Body body, SignInMethods cognito) {
        String token = request.bearerToken();
        SignInMethods.Account account = cognito.account(token);
        cognito.completePasskey(token, body.credential().json());

        Instant now = api.clock().instant();
        SignInMethods.PasskeyCredential fallback = new SignInMethods.PasskeyCredential(body.credential().id(), "Passkey", now,
                Optional.empty(), List.of());
        SignInMethods.PasskeyCredential kept;
        try {
            // Cognito's own description of the key it now keeps; the key is added whatever this read does,
            // so a failure here must not leave it without our item, activity entry and notice.
            kept = cognito.passkeys(token).stream().filter(c -> c.id().equals(fallback.id())).findFirst().orElse(fallback);
        } catch (Problem unavailable) {
            kept = fallback;
        }
        StoredPasskey ours = new StoredPasskey(kept.id(), body.name(), now, body.credential().userVerified());
        String shown = body.name().orElse(kept.authenticatorName());
        boolean first = wiring.store().addedPasskey(caller.userKey(), ours, new ActivityEntry(now, "method.added",
                Subject.of(Subject.METHOD, "passkey", shown), Origin.user(request.sourceIp(), request.userAgent())));
        if (first) {
            // Otherwise a read of the page listed the new key a moment ago, recorded it and sent this notice itself.
            account.notificationAddress().ifPresent(address -> wiring.notifier().send(address, Notice.METHOD_ADDED,
                    Notice.About.method(Notice.Kind.PASSKEY, Optional.of(shown), now, Requests.swedish(request))));
        }

        Passkey added = new Passkey(kept.id(), body.name(), kept.authenticatorName(), kept.createdAt(), kept.attachment(),
                kept.transports(), ours.withoutPassword());
        return ApiResponse.json(201, g -> SecurityInfoJson.passkey(g, added))
                .withHeader("Location", "/me/security-info/passkeys/" + added.id());
    }

    /** {@code credential} (the registration response, an object) and {@code name} (≤ 64, optional); nothing else. */
    static Body parse(byte[] json) {
        List<Problem.FieldError> errors = new ArrayList<>();
        RegistrationResponse credential = null;
        Optional<String> name = Optional.empty();
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw Problem.badRequest("The body must be a JSON object.");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "credential" -> {
                        if (token == JsonToken.START_OBJECT) {
                            credential = RegistrationResponse.read(parser);
                        } else {
                            errors.add(new Problem.FieldError("credential", "must be the browser's registration response (an object)"));
                            parser.skipChildren();
                        }
                    }
                    case "name" -> {
                        if (token == JsonToken.VALUE_STRING) {
                            String raw = parser.getText();
                            Optional<String> problem = Text.problem(raw);
                            String text = problem.isPresent() ? "" : Text.normalize(raw);
                            if (problem.isPresent()) {
                                errors.add(new Problem.FieldError("name", problem.get()));
                            } else if (text.codePointCount(0, text.length()) > SecurityMethod.MAX_NAME) {
                                errors.add(new Problem.FieldError("name", "must be at most " + SecurityMethod.MAX_NAME + " characters"));
                            } else if (!text.isBlank()) {
                                name = Optional.of(text);
                            }
                        } else if (token != JsonToken.VALUE_NULL) {
                            errors.add(new Problem.FieldError("name", "must be a string"));
                            parser.skipChildren();
                        }
                    }
                    default -> {
                        errors.add(new Problem.FieldError(field, "is not a field of this request"));
                        parser.skipChildren();
                    }
                }
            }
            if (parser.nextToken() != null) {
                throw Problem.badRequest("The body has content after the JSON object.");
            }
        } catch (StreamConstraintsException e) {
            throw Problem.badRequest("The body is nested too deeply or holds a value that is too long.");
        } catch (IOException e) {
            throw Problem.badRequest("The body is not well-formed JSON.");
        }
        if (credential == null && errors.stream().noneMatch(e -> e.field().equals("credential"))) {
            errors.add(new Problem.FieldError("credential", "is required"));
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
        return new Body(credential, name);
    }
}
