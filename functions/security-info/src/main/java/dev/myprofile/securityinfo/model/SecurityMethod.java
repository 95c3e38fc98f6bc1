package dev.myprofile.securityinfo.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One method on the Security info page: what Cognito keeps (the kind, the masked target, whether it
 * is the default second step) joined with what it does not (the name the user gave it, when it was
 * added). {@code usedFor} holds {@code signIn} and/or {@code passwordReset}.
 */
public record SecurityMethod(
        MethodType type,
        Optional<String> name,
        Optional<String> maskedTarget,
        Optional<Instant> addedAt,
        boolean isDefault,
        List<String> usedFor) {

    public static final int MAX_NAME = 64;
    public static final String SIGN_IN = "signIn";
    public static final String PASSWORD_RESET = "passwordReset";

    public String id() {
        return type.id();
    }
}
