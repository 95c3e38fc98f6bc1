package dev.myprofile.organizations.model;

import java.util.Optional;
import java.util.regex.Pattern;

/** A directory entry, kept by an administrator: what the portal tells users about an organization. */
public record Organization(
        String id,
        String name,
        Optional<String> domain,
        Optional<String> privacyStatementUrl,
        Optional<String> privacyContact,
        Optional<String> termsOfUseUrl) {

    public static final int MAX_ID = 128;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1," + MAX_ID + "}");

    /** Whether {@code id} can name an organization (checked before it reaches a key). */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
