package dev.myprofile.securityinfo.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of security info Cognito can use, each at most once per user (Cognito keeps one
 * authenticator app, one phone number, one email address), so a kind's wire name is also the id of
 * the user's method of that kind.
 */
public enum MethodType {
    /** An authenticator app (TOTP): a second step at sign-in. */
    AUTHENTICATOR_APP("authenticator-app", "authenticatorApp", true),
    /** A mobile phone: text-message codes at sign-in and for password reset. */
    PHONE("phone", "phone", true),
    /** An email address: password reset only (SECURITY.md: never a second step or default method). */
    EMAIL("email", "email", false);

    private final String id;
    private final String wireName;
    private final boolean secondStep;

    MethodType(String id, String wireName, boolean secondStep) {
        this.id = id;
        this.wireName = wireName;
        this.secondStep = secondStep;
    }

    /** The id of the user's method of this kind, in paths ({@code /me/security-info/methods/{id}}). */
    public String id() { return id; }

    public String wireName() { return wireName; }

    /** Whether it can be the second step of a sign-in (and so the default method). */
    public boolean secondStep() { return secondStep; }

    public static Optional<MethodType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
