package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.entrypoints.SecurityChange.Change;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Route;
import dev.myprofile.securityinfo.entrypoints.SecurityChange.Step;
import dev.myprofile.securityinfo.model.Masking;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.securityinfo.Texts;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.problem.Problem;

import java.util.List;
import java.util.Locale;

/**
 * {@code POST /me/security-info/email}: change the email address (step-up). We email a 6-digit code
 * to the new address (SES, our own words), with the same rules as a phone's: a keyed hash for 10
 * minutes, one per minute per address and five an hour per person (429 with Retry-After), an
 * {@code Idempotency-Key} that sends nothing twice.
 */
public final class PostEmailHandler extends SecurityInfoFunction {
    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String address = Requests.EMAIL.parse(request.jsonBody()).string("email").orElseThrow().toLowerCase(Locale.ROOT);
        return flow.run(request, caller, Route.CHANGE.once().code(), new SecurityChange.Strategy() {
            @Override
            public void check(Step step) {
                step.emails();
                if (step.account().attribute("email").filter(address::equalsIgnoreCase).isPresent()) {
                    throw Problem.invalid(List.of(Problem.FieldError.in(Texts.CATALOG, "email", FieldCode.SAME_EMAIL)));
                }
            }

            @Override
            public Change apply(Step step) {
                return Change.answer(step.sendCode(MethodType.EMAIL, address, Masking.email(address), code -> step.emails()
                        .send(address, step.text("code.email.subject", "code", code), step.text("code.email.body", "code", code))));
            }
        });
    }

    public PostEmailHandler() { this(Api.fromEnvironment()); }

    public PostEmailHandler(Api api) { super(SecurityChange.withCodes(api)); }
}
