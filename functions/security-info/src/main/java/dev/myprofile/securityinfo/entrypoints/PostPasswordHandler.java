package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Step;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.myprofile.securityinfo.notify.Notice;
import dev.myprofile.securityinfo.password.PasswordRules;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.Json;
import dev.myprofile.securityinfo.Texts;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.problem.Problem;
import dev.myprofile.shared.problem.Problem.FieldError;

import java.io.IOException;
import java.util.Optional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /me/security-info/password}: change the password (step-up). Our rules first, each
 * refusal naming its rule ({@link PasswordRules}); then Cognito's ChangePassword, which checks the
 * current password (wrong → 400 on {@code currentPassword}) and its own policy (→ 400 on
 * {@code newPassword}). Then the time of the change and the activity entry, and a notice to the
 * email on file. Passwords are read as sent (never trimmed) and never logged or stored.
 */
public final class PostPasswordHandler extends SecurityInfoFunction {
    private static final Set<String> FIELDS = Set.of("currentPassword", "newPassword");
    /** Far above any password the rules accept; bounds the work of normalising what is sent. */
    private static final int MAX_SENT = 1024;

    private static final PasswordRules RULES = PasswordRules.bundled();

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        Map<String, String> body = parse(request.jsonBody());
        // Only the answer (the time of the change) is kept under the key: never the passwords, nor
        // anything derived from them (see Idempotency).
        return flow.run(request, caller, Route.CHANGE.once(), step -> changed(step, body.get("currentPassword"), body.get("newPassword")));
    }

    private static Change changed(Step step, String current, String proposed) {
        SignInMethods.Account account = step.account();
        List<FieldError> errors = RULES.check(current, proposed, account.attribute("name"), account.attribute("email"));
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
        step.signIn().changePassword(step.token(), current, PasswordRules.normalize(proposed));
        return Change.written("password.changed", Subject.of(Subject.PASSWORD, null, null),
                        entry -> step.store().passwordChanged(step.user(), step.now(), entry))
                .telling(Notice.PASSWORD_CHANGED)
                .answering(ApiResponse.json(200, g -> {
                    g.writeStartObject();
                    g.writeStringField("passwordLastChangedAt", step.now().toString());
                    g.writeEndObject();
                }));
    }

    /** The two fields as sent: strings, both required, nothing else. */
    private static Map<String, String> parse(byte[] json) {
        Map<String, String> values = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            Requests.objectStart(parser);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (!FIELDS.contains(name)) {
                    errors.add(new FieldError(name, FieldCode.UNKNOWN_FIELD));
                    parser.skipChildren();
                } else if (token != JsonToken.VALUE_STRING) {
                    errors.add(new FieldError(name, FieldCode.NOT_STRING));
                    parser.skipChildren();
                } else if (parser.getTextLength() > MAX_SENT) {
                    errors.add(FieldError.in(Texts.CATALOG, name, FieldCode.TOO_LONG, Integer.toString(PasswordRules.MAX_LENGTH)));
                } else {
                    values.put(name, parser.getText());
                }
            }
        } catch (IOException e) {
            throw Problem.badRequest("The body is not well-formed JSON.");
        }
        for (String field : FIELDS) {
            if (!values.containsKey(field) && errors.stream().noneMatch(e -> e.field().equals(field))) {
                errors.add(new FieldError(field, FieldCode.REQUIRED));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
        return values;
    }

    public PostPasswordHandler() { super(Api.fromEnvironment()); }

    public PostPasswordHandler(Api api) { super(api); }
}
