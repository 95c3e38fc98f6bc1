package dev.myprofile.profile.entrypoints;

import dev.myprofile.shared.Services;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.SignedOut;
import dev.myprofile.shared.domain.Profile;
import dev.myprofile.shared.domain.ProfileChanges;
import dev.myprofile.shared.domain.ProfileChanges.EditableField;
import dev.myprofile.shared.domain.ProfileRules;
import dev.myprofile.shared.domain.ProfileStore.UpdateResult;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.http.Problem;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.store.Keys;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code PATCH /me}: edit the fields the organization lets a user edit. The write names the version
 * it was based on — {@code If-Match} (412 when stale) or a {@code version} field (409 when stale) —
 * so two tabs can never silently overwrite each other. A field set to null is cleared.
 */
public final class PatchMeHandler extends ApiFunction {
    private static final Pattern ETAG = Pattern.compile("(W/)?\"([0-9]{1,18})\"");
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .string(EditableField.DISPLAY_NAME.attribute(), Profile.MAX_DISPLAY_NAME, false)
            .string(EditableField.PHONE.attribute(), 16, true, ProfileRules::isE164,
                    "a phone number in international form, like +46701234567")
            .string(EditableField.PREFERRED_LANGUAGE.attribute(), Profile.MAX_LANGUAGE_TAG, true, ProfileRules::isLanguageTag,
                    "a language tag, like sv or en-GB")
            .integer("version", 1, Long.MAX_VALUE, false)
            .build();

    public PatchMeHandler() {
        this(Services.fromEnvironment());
    }

    public PatchMeHandler(Services services) {
        super(services);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        Optional<Long> ifMatch = request.header("if-match").map(PatchMeHandler::version);
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Optional<Long> bodyVersion = body.integer("version");
        if (ifMatch.isPresent() && bodyVersion.isPresent() && !ifMatch.equals(bodyVersion)) {
            throw Problem.badRequest("If-Match and the version field name different versions.");
        }
        long expected = ifMatch.or(() -> bodyVersion).orElseThrow(() -> Problem.of(428, "precondition-required",
                "Version required", "Send If-Match with the ETag from GET /me, or the version field."));

        Map<EditableField, Optional<String>> values = new EnumMap<>(EditableField.class);
        for (EditableField field : EditableField.values()) {
            if (body.has(field.attribute())) {
                values.put(field, body.string(field.attribute()));
            }
        }
        if (values.isEmpty()) {
            throw Problem.badRequest("Name at least one field to change: displayName, phone or preferredLanguage.");
        }

        UpdateResult result = services.profiles().update(Keys.user(caller.issuer(), caller.subject()),
                new ProfileChanges(values), expected, caller.issuedAt(), services.clock().instant());
        if (result instanceof UpdateResult.Updated updated) {
            Profile profile = updated.profile();
            return OverviewJson.response(profile, profile.homeOrganizationId().flatMap(services.profiles()::organization));
        }
        if (result instanceof UpdateResult.Stale stale) {
            int status = ifMatch.isPresent() ? 412 : 409;
            throw Problem.of(status, "stale-version", "Changed elsewhere",
                            "Your profile was changed since you loaded it. Reload and try again.")
                    .with("currentVersion", stale.currentVersion())
                    .withHeader("ETag", OverviewJson.etag(stale.currentVersion()));
        }
        if (result instanceof UpdateResult.SignedOut) {
            throw SignedOut.problem();
        }
        throw Problem.of(412, "stale-version", "Changed elsewhere", "There is no profile at that version. Load it with GET /me.");
    }

    private static long version(String ifMatch) {
        var matcher = ETAG.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw Problem.badRequest("If-Match must be the ETag from GET /me, like \"3\".");
        }
        return Long.parseLong(matcher.group(2));
    }
}
