package dev.myprofile.securityinfo.entrypoints;

import dev.myprofile.securityinfo.codes.OneTimeCodes;
import dev.myprofile.securityinfo.notify.SnsTextMessages;
import dev.myprofile.securityinfo.notify.TextMessages;
import dev.myprofile.securityinfo.store.ChallengeStore;
import dev.myprofile.securityinfo.store.dynamodb.DynamoChallengeStore;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.problem.Problem;

import java.util.Optional;

/**
 * What the two phone-verification functions add to the page's wiring: the challenges, the codes'
 * key ({@code VERIFICATION_CODE_KEY}, at least 32 bytes) and the text messages (SNS). Without a key
 * the functions answer that phone verification is not set up, rather than invent one.
 */
public record PhoneVerificationWiring(ChallengeStore challenges, Optional<OneTimeCodes> codes, TextMessages texts) {

    public static PhoneVerificationWiring of(Api api) {
        Config config = api.platform().config();
        return new PhoneVerificationWiring(new DynamoChallengeStore(api.platform()),
                config.get("VERIFICATION_CODE_KEY").map(OneTimeCodes::new),
                SnsTextMessages.fromConfig(config));
    }

    OneTimeCodes requireCodes() {
        return codes.orElseThrow(() -> Problem.of(503, "not-configured", "Phone verification is not set up",
                "This portal cannot send verification codes yet. Contact your administrator.").withHeader("Retry-After", "3600"));
    }
}
