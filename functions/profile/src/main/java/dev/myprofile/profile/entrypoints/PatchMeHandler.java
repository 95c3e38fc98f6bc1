package dev.myprofile.profile.entrypoints;

import dev.myprofile.organizations.model.Organization;
import dev.myprofile.profile.model.Profile;
import dev.myprofile.profile.model.ProfileChanges.EditableField;
import dev.myprofile.profile.model.ProfileChanges;
import dev.myprofile.profile.model.ProfileRules;
import dev.myprofile.profile.store.ProfileStore.UpdateResult;
import dev.myprofile.profile.store.ProfileStore;
import dev.myprofile.profile.store.dynamodb.DynamoProfileStore;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.http.Preconditions;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.problem.Problem;

import java.util.EnumMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * {@code PATCH /me}: edit the fields the organization lets a user edit. The write names the version
 * it was based on — {@code If-Match} (412 when stale) or a {@code version} field (409 when stale) —
 * so two tabs can never silently overwrite each other. A field set to null is cleared. A field the
 * home organization does not let its members edit (its directory entry's {@code editableFields}) is
 * refused, 403, and nothing is written. An edit writes a {@code profile.edited} activity entry in the
 * same transaction.
 */
public final class PatchMeHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .string(EditableField.DISPLAY_NAME.attribute(), Profile.MAX_DISPLAY_NAME, false)
            .string(EditableField.PHONE.attribute(), 16, true, ProfileRules::isE164,
                    FieldCode.NOT_PHONE_NUMBER)
            .string(EditableField.PREFERRED_LANGUAGE.attribute(), Profile.MAX_LANGUAGE_TAG, true, ProfileRules::isLanguageTag,
                    FieldCode.NOT_LANGUAGE_TAG)
            .integer("version", 1, Long.MAX_VALUE, false)
            .build();

    private final ProfileStore profiles;

    public PatchMeHandler() {
        this(Api.fromEnvironment());
    }

    public PatchMeHandler(Api api) {
        super(api);
        this.profiles = new DynamoProfileStore(api.platform());
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Preconditions preconditions = Preconditions.of(request, body.integer("version"), "GET /me");

        Map<EditableField, Optional<String>> values = new EnumMap<>(EditableField.class);
        for (EditableField field : EditableField.values()) {
            if (body.has(field.attribute())) {
                values.put(field, body.string(field.attribute()));
            }
        }
        if (values.isEmpty()) {
            throw Problem.badRequest("Name at least one field to change: displayName, phone or preferredLanguage.");
        }

        // The home organization first (with the profile, in one request), for what it lets its members edit.
        Optional<String> tokenOrganization = caller.claims().organizationId();
        ProfileStore.Snapshot snapshot = profiles.load(caller.userKey(), tokenOrganization);
        Optional<Organization> home = snapshot.profile().flatMap(Profile::homeOrganizationId)
                .flatMap(id -> id.equals(tokenOrganization.orElse(null)) ? snapshot.organization() : profiles.organization(id));
        List<String> editable = OverviewJson.editableFields(home);
        List<String> refused = values.keySet().stream().map(EditableField::attribute).filter(f -> !editable.contains(f)).toList();
        if (!refused.isEmpty()) {
            throw Problem.of(403, "field-not-editable", "Managed by your organization",
                    home.map(Organization::name).orElse("Your organization") + " does not let you change "
                            + String.join(", ", refused) + " here.");
        }

        if (snapshot.profile().isEmpty()) {
            throw noSuchVersion();
        }
        UpdateResult result = profiles.update(caller.userKey(), snapshot.profile().get(), new ProfileChanges(values),
                preconditions.expectedVersion(), api.clock().instant(), Origin.user(request.sourceIp(), request.userAgent()));
        if (result instanceof UpdateResult.Updated updated) {
            Profile profile = updated.profile();
            return OverviewJson.response(profile, profile.homeOrganizationId().equals(home.map(Organization::id))
                    ? home : profile.homeOrganizationId().flatMap(profiles::organization));
        }
        if (result instanceof UpdateResult.Stale stale) {
            throw preconditions.stale(stale.currentVersion(), "Your profile");
        }
        throw noSuchVersion();
    }

    private static Problem noSuchVersion() {
        return Problem.of(412, "stale-version", "Changed elsewhere", "There is no profile at that version. Load it with GET /me.");
    }
}
