package dev.myprofile.organizations.entrypoints;

import dev.myprofile.organizations.model.Organization;
import dev.myprofile.organizations.store.OrganizationStore;
import dev.myprofile.organizations.store.dynamodb.DynamoOrganizationStore;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.events.AdminFunction;
import dev.myprofile.shared.platform.Platform;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The administrators' way to keep the directory and guest memberships: a function no route
 * reaches, invoked with IAM ({@code aws lambda invoke}, permission {@code lambda:InvokeFunction} on
 * {@code OrganizationAdminFunction}). Events (see {@code events/organization-admin-*.json}):
 * <ul>
 *   <li>{@code {"action": "put-organization", "organization": {"id", "name", "domain",
 *       "privacyStatementUrl", "privacyContact", "termsOfUseUrl", "editableFields"?}}} writes a
 *       directory entry; {@code editableFields} (a list of {@code displayName}, {@code phone},
 *       {@code preferredLanguage}; all three when left out) are the profile fields its members may
 *       edit on the Overview;</li>
 *   <li>{@code {"action": "add-guest", "issuer", "subject", "organizationId", "joinedAt"?}} makes the
 *       user (issuer + subject of their tokens) a guest of a directory organization;</li>
 *   <li>{@code {"action": "remove-guest", "issuer", "subject", "organizationId"}} ends it.</li>
 * </ul>
 * Membership changes go into the user's activity (actor {@code administrator}). The answer is
 * {@code {"result": ...}}; a malformed event is {@code REJECTED} with a {@code reason}, nothing written.
 */
public final class OrganizationAdminHandler extends AdminFunction {

    private final OrganizationStore organizations;
    private final Clock clock;

    public OrganizationAdminHandler() {
        this(Platform.fromEnvironment());
    }

    public OrganizationAdminHandler(Platform platform) {
        super("organization.admin");
        this.organizations = new DynamoOrganizationStore(platform);
        this.clock = platform.clock();
    }

    @Override
    protected Map<String, Object> command(String action, Map<String, Object> event) {
        return switch (action) {
            case "put-organization" -> putOrganization(event.get("organization"));
            case "add-guest" -> addGuest(event);
            case "remove-guest" -> Map.of("result",
                    organizations.removeGuest(user(event), organizationId(event), clock.instant()).name());
            default -> throw new Rejected("action must be put-organization, add-guest or remove-guest");
        };
    }

    private Map<String, Object> putOrganization(Object raw) {
        if (!(raw instanceof Map<?, ?> fields)) {
            throw new Rejected("organization must be an object");
        }
        String id = text(fields.get("id"));
        if (!Organization.isValidId(id)) {
            throw new Rejected("organization.id must be 1 to " + Organization.MAX_ID + " letters, digits, '.', '_', '~' or '-'");
        }
        String name = text(fields.get("name"));
        if (name.isEmpty() || name.length() > MAX_TEXT) {
            throw new Rejected("organization.name is required (at most " + MAX_TEXT + " characters)");
        }
        organizations.putOrganization(new Organization(id, name, optional(fields, "domain"),
                link(fields, "privacyStatementUrl"), optional(fields, "privacyContact"), link(fields, "termsOfUseUrl"),
                editableFields(fields.get("editableFields"))));
        return Map.of("result", "PUT");
    }

    /** The profile fields the members may edit: all when left out, else a list naming only known fields. */
    private static List<String> editableFields(Object raw) {
        if (raw == null) {
            return Organization.PROFILE_FIELDS;
        }
        if (!(raw instanceof List<?> names) || !names.stream().allMatch(Organization.PROFILE_FIELDS::contains)) {
            throw new Rejected("organization.editableFields must be a list of " + String.join(", ", Organization.PROFILE_FIELDS));
        }
        return names.stream().map(String::valueOf).toList();
    }

    private Map<String, Object> addGuest(Map<String, Object> event) {
        UserKey user = user(event);
        String organizationId = organizationId(event);
        Instant now = clock.instant();
        Instant joinedAt = now;
        String raw = text(event.get("joinedAt"));
        if (!raw.isEmpty()) {
            try {
                joinedAt = Instant.parse(raw);
            } catch (DateTimeParseException e) {
                throw new Rejected("joinedAt must be an ISO-8601 instant");
            }
            if (joinedAt.isAfter(now)) {
                throw new Rejected("joinedAt is in the future");
            }
        }
        return Map.of("result", organizations.addGuest(user, organizationId, joinedAt, now).name());
    }

    private static String organizationId(Map<String, Object> event) {
        String id = text(event.get("organizationId"));
        if (!Organization.isValidId(id)) {
            throw new Rejected("organizationId must be 1 to " + Organization.MAX_ID + " letters, digits, '.', '_', '~' or '-'");
        }
        return id;
    }

    private static Optional<String> optional(Map<?, ?> fields, String name) {
        String value = text(fields.get(name));
        if (value.length() > MAX_TEXT) {
            throw new Rejected("organization." + name + " is longer than " + MAX_TEXT + " characters");
        }
        return Optional.of(value).filter(v -> !v.isEmpty());
    }

    /** A link the web app will show: an absolute https (or http) URL, or nothing — never a broken link. */
    private static Optional<String> link(Map<?, ?> fields, String name) {
        Optional<String> value = optional(fields, name);
        value.ifPresent(v -> {
            try {
                URI uri = new URI(v);
                if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new Rejected("organization." + name + " must be an absolute https URL");
                }
            } catch (java.net.URISyntaxException e) {
                throw new Rejected("organization." + name + " is not a URL");
            }
        });
        return value;
    }
}
