package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.codes.OneTimeCodes;
import dev.myprofile.securityinfo.model.Masking;
import dev.myprofile.securityinfo.model.MethodType;
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
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /me/security-info/phone}: add or change the mobile phone (step-up). We send a 6-digit
 * code by text message (SNS) — our own, not Cognito's, so it is in the person's language and rate
 * limited: one per minute per number, five an hour per person (429 with Retry-After). The code is kept
 * only as a keyed hash, for 10 minutes. With an {@code Idempotency-Key}, a repeat answers as the first
 * time and sends nothing.
 */
public final class StartPhoneVerificationHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("phoneNumber", 16, n -> n.matches("\\+[1-9][0-9]{6,14}"), "an E.164 number, like +46701234567")
            .build();
    private static final int MAX_IDEMPOTENCY_KEY = 128;

    private final SecurityInfoWiring wiring;
    private final CodeVerificationWiring phone;

    public StartPhoneVerificationHandler() {
        this(Api.fromEnvironment());
    }

    public StartPhoneVerificationHandler(Api api) {
        this(api, SecurityInfoWiring.of(api), CodeVerificationWiring.of(api));
    }

    public StartPhoneVerificationHandler(Api api, SecurityInfoWiring wiring, CodeVerificationWiring phone) {
        super(api);
        this.wiring = wiring;
        this.phone = phone;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Optional<String> idempotencyKey = request.header("idempotency-key").map(String::trim).filter(k -> !k.isEmpty());
        if (idempotencyKey.filter(k -> k.length() > MAX_IDEMPOTENCY_KEY || !k.matches("[\\x21-\\x7e]+")).isPresent()) {
            throw Problem.badRequest("The Idempotency-Key header must be 1 to " + MAX_IDEMPOTENCY_KEY + " visible ASCII characters.");
        }
        api.stepUp().require(caller, wiring.mfaMethods());
        Requests.cognito(wiring);
        OneTimeCodes codes = phone.requireCodes();
        String number = body.string("phoneNumber").orElseThrow();
        Instant now = api.clock().instant();
        String code = codes.newCode();
        Challenge challenge = new Challenge(MethodType.PHONE, number,
                codes.hash(caller.userKey().partition(), MethodType.PHONE.id(), number, code), now.plus(OneTimeCodes.LIFETIME), 0);
        String answer = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("target", Masking.phone(number));
            g.writeStringField("expiresAt", challenge.expiresAt().toString());
            g.writeNumberField("resendAfterSeconds", DynamoChallengeStore.PER_DESTINATION.toSeconds());
            g.writeEndObject();
        });
        SendResult result = phone.challenges().startSend(caller.userKey(), challenge, codes.destinationKey(number), now,
                idempotencyKey, 202, answer);
        if (result instanceof SendResult.Replay replay) {
            return new ApiResponse(replay.status(), Map.of("Content-Type", ApiResponse.JSON), replay.body());
        }
        if (result instanceof SendResult.Limited limited) {
            throw Problem.of(429, "too-many-codes", "Too many codes", limited.why())
                    .withHeader("Retry-After", Long.toString(limited.retryAfterSeconds()))
                    .with("retryAfterSeconds", limited.retryAfterSeconds());
        }
        phone.texts().send(number, message(request, code));
        return new ApiResponse(202, Map.of("Content-Type", ApiResponse.JSON), answer);
    }

    /** The text in the person's language (Swedish or English), the code first so phones can offer it. */
    private static String message(ApiRequest request, String code) {
        boolean swedish = request.header("accept-language").map(l -> l.trim().toLowerCase(java.util.Locale.ROOT).startsWith("sv")).orElse(false);
        return swedish
                ? code + " är din kod för My Profile. Den gäller i 10 minuter. Ge den inte till någon."
                : code + " is your My Profile code. It is valid for 10 minutes. Don't share it with anyone.";
    }
}
