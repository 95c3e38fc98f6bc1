package dev.myprofile.profile.model;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The edits a user asked for: each editable field mapped to its new value, or to empty to clear it.
 * Fields not named stay as they are.
 */
public record ProfileChanges(Map<EditableField, Optional<String>> values) {

    public enum EditableField {
        DISPLAY_NAME("displayName"),
        PHONE("phone"),
        PREFERRED_LANGUAGE("preferredLanguage");

        private final String attribute;

        EditableField(String attribute) {
            this.attribute = attribute;
        }

        /** The JSON field and the DynamoDB attribute: the same name in both. */
        public String attribute() {
            return attribute;
        }
    }

    public ProfileChanges {
        values = Map.copyOf(values);
    }

    /** {@code profile} with these changes made at {@code now}: the next version. */
    public Profile applyTo(Profile profile, Instant now) {
        return new Profile(
                values.getOrDefault(EditableField.DISPLAY_NAME, Optional.of(profile.displayName())).orElse(profile.displayName()),
                profile.email(),
                values.getOrDefault(EditableField.PHONE, profile.phone()),
                profile.jobTitle(),
                values.getOrDefault(EditableField.PREFERRED_LANGUAGE, profile.preferredLanguage()),
                profile.homeOrganizationId(),
                profile.version() + 1,
                profile.createdAt(),
                now);
    }
}
