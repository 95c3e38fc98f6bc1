package dev.myprofile.securityinfo.entrypoints;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Step;
import dev.myprofile.securityinfo.model.Passkey;
import dev.myprofile.securityinfo.model.RegistrationResponse;
import dev.myprofile.securityinfo.model.SecurityMethod;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.securityinfo.store.MethodStore.StoredPasskey;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.json.Text;
import dev.myprofile.securityinfo.Texts;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.problem.Problem;

import java.io.IOException;
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
public final class PostPasskeysVerifyHandler extends SecurityInfoFunction {
    record Body(RegistrationResponse credential, Optional<String> name) {}

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        Body body = parse(request.jsonBody());
        return flow.run(request, caller, Route.CHANGE.passkey().once(), step -> completed(step, body));
    }

    private static Change completed(Step step, Body body) {
        step.account(); // the address on file, read before the key is added: a failure to read it changes nothing
        step.signIn().completePasskey(step.token(), body.credential().json());
        SignInMethods.PasskeyCredential fallback = new SignInMethods.PasskeyCredential(body.credential().id(), "Passkey", step.now(),
                Optional.empty(), List.of());
        SignInMethods.PasskeyCredential kept;
        try {
            // Cognito's own description of the key it now keeps; the key is added whatever this read does,
            // so a failure here must not leave it without our item, activity entry and notice.
            kept = step.signIn().passkeys(step.token()).stream().filter(c -> c.id().equals(fallback.id())).findFirst().orElse(fallback);
        } catch (Problem unavailable) {
            kept = fallback;
        }
        StoredPasskey ours = new StoredPasskey(kept.id(), body.name(), step.now(), body.credential().userVerified());
        String shown = body.name().orElse(kept.authenticatorName());
        Passkey added = new Passkey(kept.id(), body.name(), kept.authenticatorName(), kept.createdAt(), kept.attachment(),
                kept.transports(), ours.withoutPassword());
        // When the write finds the key recorded, a read of the page listed it a moment ago, recorded it
        // and sent this notice itself: one add is one entry and one email.
        return Change.recorded("method.added", Subject.of(Subject.METHOD, "passkey", shown),
                        entry -> step.store().addedPasskey(step.user(), ours, entry))
                .telling(Notice.METHOD_ADDED, Notice.Kind.PASSKEY, Optional.of(shown))
                .answering(ApiResponse.json(201, g -> SecurityInfoJson.passkey(g, added))
                        .withHeader("Location", "/me/security-info/passkeys/" + added.id()));
    }

    /** {@code credential} (the registration response, an object) and {@code name} (≤ 64, optional); nothing else. */
    static Body parse(byte[] json) {
        List<Problem.FieldError> errors = new ArrayList<>();
        RegistrationResponse credential = null;
        Optional<String> name = Optional.empty();
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            Requests.objectStart(parser);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "credential" -> {
                        if (token == JsonToken.START_OBJECT) {
                            credential = RegistrationResponse.read(parser);
                        } else {
                            errors.add(Problem.FieldError.in(Texts.CATALOG, "credential", FieldCode.PASSKEY_MALFORMED));
                            parser.skipChildren();
                        }
                    }
                    case "name" -> {
                        if (token == JsonToken.VALUE_STRING) {
                            String raw = parser.getText();
                            Optional<FieldCode> problem = Text.problem(raw);
                            String text = problem.isPresent() ? "" : Text.normalize(raw);
                            if (problem.isPresent()) {
                                errors.add(new Problem.FieldError("name", problem.get()));
                            } else if (text.codePointCount(0, text.length()) > SecurityMethod.MAX_NAME) {
                                errors.add(new Problem.FieldError("name", FieldCode.TOO_LONG, Integer.toString(SecurityMethod.MAX_NAME)));
                            } else if (!text.isBlank()) {
                                name = Optional.of(text);
                            }
                        } else if (token != JsonToken.VALUE_NULL) {
                            errors.add(new Problem.FieldError("name", FieldCode.NOT_STRING));
                            parser.skipChildren();
                        }
                    }
                    default -> {
                        errors.add(new Problem.FieldError(field, FieldCode.UNKNOWN_FIELD));
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
            errors.add(new Problem.FieldError("credential", FieldCode.REQUIRED));
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
        return new Body(credential, name);
    }

    public PostPasskeysVerifyHandler() { super(Api.fromEnvironment()); }

    public PostPasskeysVerifyHandler(Api api) { super(api); }
}
