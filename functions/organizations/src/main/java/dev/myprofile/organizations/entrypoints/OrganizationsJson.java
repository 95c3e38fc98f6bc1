package dev.myprofile.organizations.entrypoints;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myprofile.organizations.model.Affiliations;
import dev.myprofile.organizations.model.Organization;
import dev.myprofile.organizations.model.Role;
import dev.myprofile.shared.json.Json;

import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** How the Organizations and Privacy pages write an organization. */
final class OrganizationsJson {
    private OrganizationsJson() {}

    record Entry(String id, Optional<Organization> organization, Role role, Optional<Instant> joinedAt) {
        String name() {
            return organization.map(Organization::name).orElse(id);
        }
    }

    /** The home organization first, then the guest ones by name. */
    static List<Entry> entries(Affiliations affiliations) {
        List<Entry> guests = affiliations.guests().stream()
                .map(g -> new Entry(g.membership().organizationId(), g.organization(), Role.GUEST,
                        Optional.of(g.membership().joinedAt())))
                .sorted(Comparator.comparing((Entry e) -> e.name().toLowerCase(java.util.Locale.ROOT)).thenComparing(Entry::id))
                .toList();
        return affiliations.home()
                .map(h -> java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(new Entry(h.organizationId(), h.organization(), Role.MEMBER, h.joinedAt())),
                        guests.stream()).toList())
                .orElse(guests);
    }

    /** {@code id}, {@code name} (the id when the directory has no entry), {@code domain}, {@code role}. */
    static void identity(JsonGenerator g, Entry entry) throws IOException {
        g.writeStringField("id", entry.id());
        g.writeStringField("name", entry.name());
        Json.field(g, "domain", entry.organization().flatMap(Organization::domain));
        g.writeStringField("role", entry.role().wireName());
    }

    /** The organization's privacy links; a missing one is null ("not provided"), never an empty link. */
    static void privacy(JsonGenerator g, Optional<Organization> organization) throws IOException {
        Json.field(g, "privacyStatementUrl", organization.flatMap(Organization::privacyStatementUrl));
        Json.field(g, "privacyContact", organization.flatMap(Organization::privacyContact));
        Json.field(g, "termsOfUseUrl", organization.flatMap(Organization::termsOfUseUrl));
    }
}
