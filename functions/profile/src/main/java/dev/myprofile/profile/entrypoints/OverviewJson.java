package dev.myprofile.profile.entrypoints;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myprofile.organizations.model.Organization;
import dev.myprofile.profile.model.Profile;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.http.Preconditions;
import dev.myprofile.shared.json.Json;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The Overview representation, shared by GET and PATCH so both answer with the same document. */
final class OverviewJson {
    private OverviewJson() {}

    static ApiResponse response(Profile profile, Optional<Organization> home) {
        return ApiResponse.json(200, g -> write(g, profile, home))
                .withHeader("ETag", Preconditions.etag(profile.version()));
    }

    /** What the home organization lets its members edit; every field without one. */
    static List<String> editableFields(Optional<Organization> home) {
        return home.map(Organization::editableFields).orElse(Organization.PROFILE_FIELDS);
    }

    private static void write(JsonGenerator g, Profile profile, Optional<Organization> home) throws IOException {
        g.writeStartObject();
        g.writeStringField("displayName", profile.displayName());
        Json.field(g, "email", profile.email());
        Json.field(g, "phone", profile.phone());
        Json.field(g, "jobTitle", profile.jobTitle());
        Json.field(g, "preferredLanguage", profile.preferredLanguage());
        g.writeFieldName("homeOrganization");
        if (home.isPresent()) {
            Organization organization = home.get();
            g.writeStartObject();
            g.writeStringField("id", organization.id());
            g.writeStringField("name", organization.name());
            Json.field(g, "domain", organization.domain());
            Json.field(g, "privacyStatementUrl", organization.privacyStatementUrl());
            Json.field(g, "privacyContact", organization.privacyContact());
            Json.field(g, "termsOfUseUrl", organization.termsOfUseUrl());
            g.writeEndObject();
        } else {
            g.writeNull();
        }
        g.writeArrayFieldStart("editableFields");
        for (String field : editableFields(home)) {
            g.writeString(field);
        }
        g.writeEndArray();
        g.writeNumberField("version", profile.version());
        g.writeStringField("updatedAt", profile.updatedAt().toString());
        g.writeEndObject();
    }
}
