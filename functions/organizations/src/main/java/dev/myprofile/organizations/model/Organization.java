package dev.myprofile.organizations.model;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** A directory entry, kept by an administrator: what the portal tells users about an organization. */
public record Organization(
        String id,
        String name,
        Optional<String> domain,
        Optional<String> privacyStatementUrl,
        Optional<String> privacyContact,
        Optional<String> termsOfUseUrl,
        List<String> editableFields) {

    /**
     * The profile fields a person may edit on the Overview, in the order the page shows them; an
     * organization lets its members edit all of them unless its directory entry names fewer.
     */
    public static final List<String> PROFILE_FIELDS = List.of("displayName", "phone", "preferredLanguage");

    public Organization {
        editableFields = PROFILE_FIELDS.stream().filter(editableFields::contains).toList();
    }

    /** An entry that lets its members edit every profile field. */
    public Organization(String id, String name, Optional<String> domain, Optional<String> privacyStatementUrl,
                        Optional<String> privacyContact, Optional<String> termsOfUseUrl) {
        this(id, name, domain, privacyStatementUrl, privacyContact, termsOfUseUrl, PROFILE_FIELDS);
    }

    public static final int MAX_ID = 128;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1," + MAX_ID + "}");

    /** Whether {@code id} can name an organization (checked before it reaches a key). */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
