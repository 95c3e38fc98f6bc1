package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.codes.OneTimeCodes;
import dev.myprofile.securityinfo.notify.EmailMessages;
import dev.myprofile.securityinfo.notify.SesNotifier;
import dev.myprofile.securityinfo.notify.SnsTextMessages;
import dev.myprofile.securityinfo.notify.TextMessages;
import dev.myprofile.securityinfo.store.ChallengeStore;
import dev.myprofile.securityinfo.store.dynamodb.DynamoChallengeStore;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.problem.Problem;

import java.util.Optional;

/**
 * What the functions that verify a phone or an email with our own codes add to the page's wiring:
 * the challenges, the codes' key ({@code VERIFICATION_CODE_KEY}, at least 32 bytes), text messages
 * (SNS) and emails (SES, from {@code NOTIFICATION_SENDER}). Without a key or a sender they answer that
 * verification is not set up, rather than invent one.
 */
public record CodeVerificationWiring(ChallengeStore challenges, Optional<OneTimeCodes> codes, TextMessages texts,
                                     Optional<EmailMessages> emails) {

    public static CodeVerificationWiring of(Api api) {
        Config config = api.platform().config();
        return new CodeVerificationWiring(new DynamoChallengeStore(api.platform()),
                config.get("VERIFICATION_CODE_KEY").map(OneTimeCodes::new),
                SnsTextMessages.fromConfig(config),
                SesNotifier.messagesFromConfig(config));
    }

    EmailMessages requireEmails() {
        return emails.orElseThrow(() -> Problem.of(503, "not-configured", "Email verification is not set up",
                "This portal cannot send email yet. Contact your administrator.").withHeader("Retry-After", "3600"));
    }

    OneTimeCodes requireCodes() {
        return codes.orElseThrow(() -> Problem.of(503, "not-configured", "Phone verification is not set up",
                "This portal cannot send verification codes yet. Contact your administrator.").withHeader("Retry-After", "3600"));
    }
}
