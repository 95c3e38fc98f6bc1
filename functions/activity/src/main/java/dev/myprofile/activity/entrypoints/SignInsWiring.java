package dev.myprofile.activity.entrypoints;

import dev.myprofile.activity.signins.CognitoSignIns;
import dev.myprofile.activity.signins.ThreatProtection;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.http.Api;

import java.util.Optional;

/**
 * What the sign-in routes stand on, built once per container: the pool's sign-ins (Cognito when
 * {@code USER_POOL_ID} names a pool) and whether its threat protection keeps them
 * ({@code THREAT_PROTECTION}: off, audit-only or full-function).
 */
record SignInsWiring(Optional<CognitoSignIns> signIns, ThreatProtection threatProtection) {

    static SignInsWiring of(Api api) {
        Config config = api.platform().config();
        Optional<String> pool = config.get("USER_POOL_ID").filter(id -> !id.isBlank());
        if (pool.isEmpty()) {
            return new SignInsWiring(Optional.empty(), ThreatProtection.UNAVAILABLE);
        }
        ThreatProtection mode = ThreatProtection.fromParameter(config.get("THREAT_PROTECTION", "off"));
        return new SignInsWiring(mode.keepsSignIns()
                ? Optional.of(new CognitoSignIns(CognitoSignIns.client(config), pool.get()))
                : Optional.empty(), mode);
    }

    /**
     * The pool's name for the caller: the {@code username} claim of the token the pipeline has just
     * validated, else the {@code sub} (Cognito takes either as the user name of its admin operations).
     */
    static String username(Caller caller) {
        return caller.username().orElse(caller.subject());
    }
}
