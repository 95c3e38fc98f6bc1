package dev.myprofile.profile.model;

import dev.myprofile.shared.auth.Caller;

import java.time.Instant;
import java.util.Optional;

/**
 * A user's profile card. {@code version} grows by one with every change and guards concurrent
 * edits.
 */
public record Profile(
        String displayName,
        Optional<String> email,
        Optional<String> phone,
        Optional<String> jobTitle,
        Optional<String> preferredLanguage,
        Optional<String> homeOrganizationId,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public static final int MAX_DISPLAY_NAME = 256;
    public static final int MAX_EMAIL = 254;
    public static final int MAX_LANGUAGE_TAG = 35;
    public static final int MAX_ORGANIZATION_ID = 128;

    /** A first request's profile, from the token's standard claims, keeping only values that fit. */
    public static Profile fromClaims(Caller caller, Instant now) {
        return fromClaims(caller.claims(), now);
    }

    /** A first request's profile, from the person's standard claims, keeping only values that fit. */
    public static Profile fromClaims(Caller.StandardClaims claims, Instant now) {
        Optional<String> email = claims.email().filter(e -> e.length() <= MAX_EMAIL && e.indexOf('@') > 0);
        String displayName = claims.name()
                .or(() -> email.map(e -> e.substring(0, e.indexOf('@'))))
                .map(n -> n.strip())
                .filter(n -> !n.isEmpty())
                .map(n -> n.codePointCount(0, n.length()) > MAX_DISPLAY_NAME
                        ? n.substring(0, n.offsetByCodePoints(0, MAX_DISPLAY_NAME)) : n)
                .orElse("User");
        return new Profile(
                displayName,
                email,
                claims.phoneNumber().filter(ProfileRules::isE164),
                Optional.empty(),
                claims.locale().map(l -> l.replace('_', '-')).filter(ProfileRules::isLanguageTag),
                claims.organizationId().filter(id -> id.length() <= MAX_ORGANIZATION_ID),
                1,
                now,
                now);
    }
}
