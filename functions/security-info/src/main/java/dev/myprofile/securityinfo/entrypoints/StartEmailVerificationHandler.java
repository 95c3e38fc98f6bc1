package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.codes.OneTimeCodes;
import dev.myprofile.securityinfo.model.Masking;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.signin.SignInMethods;
import dev.myprofile.securityinfo.store.ChallengeStore.Challenge;
import dev.myprofile.securityinfo.store.ChallengeStore.SendResult;
import dev.myprofile.securityinfo.store.dynamodb.DynamoChallengeStore;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.problem.Problem;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private static final int MAX_IDEMPOTENCY_KEY = 128;

    private final SecurityInfoWiring wiring;
    private final CodeVerificationWiring verification;

    public StartEmailVerificationHandler() {
        this(Api.fromEnvironment());
    }

    public StartEmailVerificationHandler(Api api) {
        this(api, SecurityInfoWiring.of(api), CodeVerificationWiring.of(api));
    }

    public StartEmailVerificationHandler(Api api, SecurityInfoWiring wiring, CodeVerificationWiring verification) {
        super(api);
        this.wiring = wiring;
        this.verification = verification;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Optional<String> idempotencyKey = request.header("idempotency-key").map(String::trim).filter(k -> !k.isEmpty());
        if (idempotencyKey.filter(k -> k.length() > MAX_IDEMPOTENCY_KEY || !k.matches("[\\x21-\\x7e]+")).isPresent()) {
            throw Problem.badRequest("The Idempotency-Key header must be 1 to " + MAX_IDEMPOTENCY_KEY + " visible ASCII characters.");
        }
        api.stepUp().require(caller, wiring.mfaMethods());
        SignInMethods cognito = Requests.cognito(wiring);
        OneTimeCodes codes = verification.requireCodes();
        var emails = verification.requireEmails();
        String address = body.string("email").orElseThrow().toLowerCase(Locale.ROOT);
        SignInMethods.Account account = cognito.account(Requests.accessToken(request));
        if (account.attribute("email").filter(address::equalsIgnoreCase).isPresent()) {
            throw Problem.invalid(List.of(new Problem.FieldError("email", "is already your email address")));
        }
        Instant now = api.clock().instant();
        String code = codes.newCode();
        Challenge challenge = new Challenge(MethodType.EMAIL, address,
                codes.hash(caller.userKey().partition(), MethodType.EMAIL.id(), address, code), now.plus(OneTimeCodes.LIFETIME), 0);
        String answer = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("target", Masking.email(address));
            g.writeStringField("expiresAt", challenge.expiresAt().toString());
            g.writeNumberField("resendAfterSeconds", DynamoChallengeStore.PER_DESTINATION.toSeconds());
            g.writeEndObject();
        });
        SendResult result = verification.challenges().startSend(caller.userKey(), challenge, codes.destinationKey(address), now,
                idempotencyKey, 202, answer);
        if (result instanceof SendResult.Replay replay) {
            return new ApiResponse(replay.status(), Map.of("Content-Type", ApiResponse.JSON), replay.body());
        }
        if (result instanceof SendResult.Limited limited) {
            throw Problem.of(429, "too-many-codes", "Too many codes", limited.why().replace("number", "address"))
                    .withHeader("Retry-After", Long.toString(limited.retryAfterSeconds()))
                    .with("retryAfterSeconds", limited.retryAfterSeconds());
        }
        boolean swedish = request.header("accept-language").map(l -> l.trim().toLowerCase(Locale.ROOT).startsWith("sv")).orElse(false);
        emails.send(address,
                swedish ? "Din kod för My Profile: " + code : "Your My Profile code: " + code,
                swedish ? code + " är koden som bekräftar din nya e-postadress i My Profile. Den gäller i 10 minuter. "
                        + "Om det inte var du som bad om den kan du bortse från det här meddelandet."
                        : code + " is the code that confirms your new email address in My Profile. It is valid for 10 minutes. "
                        + "If you did not ask for it, you can ignore this message.");
        return new ApiResponse(202, Map.of("Content-Type", ApiResponse.JSON), answer);
    }
}
