package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.codes.OneTimeCodes;
import dev.myprofile.securityinfo.model.Masking;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.problem.Problem;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /me/security-info/email}: change the email address (step-up). We email a 6-digit code
 * to the new address (SES, our own words), with the same rules as a phone's: a keyed hash for 10
 * minutes, one per minute per address and five an hour per person (429 with Retry-After), an
 * {@code Idempotency-Key} that sends nothing twice.
 */
public final class StartEmailVerificationHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("email", 254, e -> e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"), "an email address")
            .build();

    private final SecurityInfoWiring wiring;
    private final Idempotency idempotency;
    private final CodeVerificationWiring verification;

    public StartEmailVerificationHandler() {
        this(Api.fromEnvironment());
    }

    public StartEmailVerificationHandler(Api api) {
        this(api, SecurityInfoWiring.of(api), CodeVerificationWiring.of(api));
    }

    public StartEmailVerificationHandler(Api api, SecurityInfoWiring wiring, CodeVerificationWiring verification) {
        super(api);
        this.idempotency = Idempotency.of(api);
        this.wiring = wiring;
        this.verification = verification;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Optional<String> idempotencyKey = Idempotency.key(request);
        api.stepUp().require(caller, wiring.mfaMethods());
        SignInMethods cognito = Requests.cognito(wiring);
        OneTimeCodes codes = verification.requireCodes();
        var emails = verification.requireEmails();
        String address = body.string("email").orElseThrow().toLowerCase(Locale.ROOT);
        SignInMethods.Account account = cognito.account(request.bearerToken());
        if (account.attribute("email").filter(address::equalsIgnoreCase).isPresent()) {
            throw Problem.invalid(List.of(new Problem.FieldError("email", "is already your email address")));
        }
        return idempotency.once(request, caller.userKey(), idempotencyKey, () -> verification.send(codes, caller.userKey(),
                MethodType.EMAIL, address, Masking.email(address), api.clock().instant(), code -> {
                    boolean swedish = Requests.swedish(request);
                    emails.send(address,
                            swedish ? "Din kod för My Profile: " + code : "Your My Profile code: " + code,
                            swedish ? code + " är koden som bekräftar din nya e-postadress i My Profile. Den gäller i 10 minuter. "
                                    + "Om det inte var du som bad om den kan du bortse från det här meddelandet."
                                    : code + " is the code that confirms your new email address in My Profile. It is valid for 10 minutes. "
                                    + "If you did not ask for it, you can ignore this message.");
                }));
    }
}
