package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.codes.CodeKeyParameter;
import dev.myprofile.securityinfo.codes.OneTimeCodes;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.notify.EmailMessages;
import dev.myprofile.securityinfo.notify.SesNotifier;
import dev.myprofile.securityinfo.notify.SnsTextMessages;
import dev.myprofile.securityinfo.notify.TextMessages;
import dev.myprofile.securityinfo.store.ChallengeStore;
import dev.myprofile.securityinfo.store.ChallengeStore.Attempt;
import dev.myprofile.securityinfo.store.ChallengeStore.Challenge;
import dev.myprofile.securityinfo.store.ChallengeStore.SendResult;
import dev.myprofile.securityinfo.store.dynamodb.DynamoChallengeStore;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.Json;
import dev.myprofile.securityinfo.Texts;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.problem.Problem;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the functions that verify a phone or an email with our own codes add to the page's wiring:
 * the challenges, the codes' key (at least 32 bytes, from the SSM SecureString parameter that
 * {@code VERIFICATION_CODE_KEY_PARAMETER} names, read once per container: {@link CodeKeyParameter}), text messages
 * (SNS) and emails (SES, from {@code NOTIFICATION_SENDER}). Without a key or a sender they answer that
 * verification is not set up, rather than invent one.
 */
public record CodeVerificationWiring(ChallengeStore challenges, Supplier<Optional<OneTimeCodes>> codes, TextMessages texts,
                                     Optional<EmailMessages> emails) {
    public static CodeVerificationWiring of(Api api) {
        Config config = api.platform().config();
        return new CodeVerificationWiring(new DynamoChallengeStore(api.platform()),
                CodeKeyParameter.fromConfig(config, api.platform().clock()),
                SnsTextMessages.fromConfig(config),
                SesNotifier.messagesFromConfig(config));
    }

    EmailMessages requireEmails() {
        return emails.orElseThrow(() -> Problem.of(503, "not-configured", "Email verification is not set up",
                "This portal cannot send email yet. Contact your administrator.").withHeader("Retry-After", "3600"));
    }

    OneTimeCodes requireCodes() {
        return codes.get().orElseThrow(() -> Problem.of(503, "not-configured", "Phone verification is not set up",
                "This portal cannot send verification codes yet. Contact your administrator.").withHeader("Retry-After", "3600"));
    }

    /**
     * Sends a new code for {@code kind} to {@code destination} through {@code deliver}, within the
     * store's limits (429 with Retry-After): 202 with the masked target and when the code expires.
     */
    ApiResponse send(OneTimeCodes codes, UserKey user, MethodType kind, String destination, String maskedTarget,
                     Instant now, Consumer<String> deliver) {
        String code = codes.newCode();
        Challenge challenge = new Challenge(kind, destination,
                codes.hash(user.partition(), kind.id(), destination, code), now.plus(OneTimeCodes.LIFETIME), 0);
        String answer = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("target", maskedTarget);
            g.writeStringField("expiresAt", challenge.expiresAt().toString());
            g.writeNumberField("resendAfterSeconds", DynamoChallengeStore.PER_DESTINATION.toSeconds());
            g.writeEndObject();
        });
        SendResult result = challenges.startSend(user, challenge, codes.destinationKey(destination), now);
        if (result instanceof SendResult.Limited limited) {
            throw Problem.of(429, "too-many-codes", "Too many codes", limited.why())
                    .withHeader("Retry-After", Long.toString(limited.retryAfterSeconds()))
                    .with("retryAfterSeconds", limited.retryAfterSeconds());
        }
        deliver.accept(code);
        return new ApiResponse(202, Map.of("Content-Type", ApiResponse.JSON), answer);
    }

    /**
     * The pending challenge of {@code kind} whose code this is, now used up: accepted once, before it
     * expires and before the 5th wrong try; otherwise a 400 on the {@code code} field saying why.
     */
    Challenge accept(OneTimeCodes codes, UserKey user, MethodType kind, String code, Instant now) {
        // The try is counted before the code is compared, in one conditional write: a try that finds
        // none left is never compared, so after five wrong tries no code is accepted, however requests
        // interleave (a read of the count, then a comparison, then a count, let racing tries through).
        Attempt attempt = challenges.attempt(user, kind, OneTimeCodes.MAX_ATTEMPTS, now);
        if (attempt instanceof Attempt.Missing) {
            throw codeProblem(FieldCode.EXPIRED_CODE);
        }
        if (!(attempt instanceof Attempt.Counted counted)) {
            throw codeProblem(FieldCode.NO_TRIES_LEFT);
        }
        Challenge challenge = counted.challenge();
        String hash = codes.hash(user.partition(), kind.id(), challenge.destination(), code);
        if (!OneTimeCodes.matches(challenge.codeHash(), hash)) {
            int left = Math.max(0, OneTimeCodes.MAX_ATTEMPTS - challenge.attempts());
            throw switch (left) {
                case 0 -> codeProblem(FieldCode.NO_TRIES_LEFT);
                case 1 -> codeProblem(FieldCode.WRONG_CODE_LAST_TRY);
                default -> codeProblem(FieldCode.WRONG_CODE, Integer.toString(left));
            };
        }
        if (!challenges.consume(user, kind, hash)) {
            throw codeProblem(FieldCode.USED_CODE);
        }
        return challenge;
    }

    private static Problem codeProblem(FieldCode why, String... params) {
        return Problem.invalid(List.of(Problem.FieldError.in(Texts.CATALOG, "code", why, params)));
    }
}
