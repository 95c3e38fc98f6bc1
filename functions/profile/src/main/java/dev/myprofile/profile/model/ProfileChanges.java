package dev.myprofile.profile.model;

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
}
