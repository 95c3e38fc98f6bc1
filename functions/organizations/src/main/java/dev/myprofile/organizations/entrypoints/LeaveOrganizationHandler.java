package dev.myprofile.organizations.entrypoints;

import dev.myprofile.organizations.model.Affiliations;
import dev.myprofile.organizations.model.Membership;
import dev.myprofile.organizations.model.Organization;
import dev.myprofile.organizations.store.OrganizationStore;
import dev.myprofile.organizations.store.OrganizationStore.LeaveResult;
import dev.myprofile.organizations.notify.Notifier;
import dev.myprofile.organizations.store.dynamodb.DynamoOrganizationStore;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.DynamoMfaMethods;
import dev.myprofile.shared.auth.MfaMethods;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.problem.Problem;
import dev.myprofile.shared.text.Catalog;
import dev.myprofile.shared.text.Language;
import dev.myprofile.shared.text.WrittenTime;

import java.util.List;
import java.util.Optional;

/**
 * {@code POST /me/organizations/{organizationId}/leave}: end a guest membership. Sensitive (step-up,
 * checked before anything is read). The home organization owns the account: 409. An organization
 * the caller is no guest of (another user's, or none) is 404. The change and its activity entry are
 * one transaction; leaving twice answers the same and writes one entry (and sends one notification
 * email, to the profile's address, when a sender is configured). Only an administrator can make the
 * user a guest again, and the answer says so.
 */
public final class LeaveOrganizationHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder().build();
    /** The module's email texts (notify/texts_en.properties, texts_sv.properties). */
    private static final Catalog TEXTS = Catalog.load(Notifier.class, "texts");

    private final OrganizationStore organizations;
    private final MfaMethods mfaMethods;
    private final Notifier notifier;

    public LeaveOrganizationHandler() {
        this(Api.fromEnvironment());
    }

    public LeaveOrganizationHandler(Api api) {
        this(api, new DynamoOrganizationStore(api.platform()), new DynamoMfaMethods(api.platform().dynamo(), api.platform().table()), Notifier.from(api.platform()));
    }

    public LeaveOrganizationHandler(Api api, OrganizationStore organizations, MfaMethods mfaMethods, Notifier notifier) {
        super(api);
        this.organizations = organizations;
        this.mfaMethods = mfaMethods;
        this.notifier = notifier;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String organizationId = request.pathParameter("organizationId").orElse("");
        if (!Organization.isValidId(organizationId)) {
            throw Problem.invalid(List.of(new Problem.FieldError("organizationId",
                    FieldCode.NOT_ID, Integer.toString(Organization.MAX_ID))));
        }
        if (request.hasBody()) {
            BODY.parse(request.jsonBody());
        }
        api.stepUp().require(caller, mfaMethods);
        Affiliations affiliations = organizations.affiliations(caller.userKey(), caller.claims().organizationId());
        if (affiliations.isHome(organizationId)) {
            throw Problem.of(409, "home-organization", "You cannot leave your home organization",
                    "Your home organization owns your account, so you cannot leave it. Ask its administrator to close the account instead.");
        }
        LeaveResult result = organizations.leave(caller.userKey(), organizationId, api.clock().instant(),
                Origin.user(request.sourceIp(), request.userAgent()));
        if (result instanceof LeaveResult.Left left) {
            String name = left.organization().map(Organization::name).orElse(organizationId);
            // In the person's language (the profile's, else the sign-in's locale, else the request's
            // Accept-Language), the date in words with its zone named.
            Language language = Language.choose(affiliations.preferredLanguage().or(() -> caller.claims().locale()),
                    request.header("accept-language"));
            String at = WrittenTime.of(left.membership().leftAt().orElseThrow(), language.tag());
            affiliations.email().or(() -> caller.claims().email()).ifPresent(to -> notifier.send(to,
                    TEXTS.text(language, "left.subject", "organization", name),
                    TEXTS.text(language, "left.body", "organization", name, "at", at)));
            return response(left.membership(), left.organization());
        }
        if (result instanceof LeaveResult.AlreadyLeft already) {
            return response(already.membership(), already.organization());
        }
        throw Problem.notFound("You are not a guest of such an organization.");
    }

    private static ApiResponse response(Membership membership, Optional<Organization> organization) {
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("id", membership.organizationId());
            g.writeStringField("name", organization.map(Organization::name).orElse(membership.organizationId()));
            g.writeStringField("role", "guest");
            g.writeStringField("joinedAt", membership.joinedAt().toString());
            g.writeStringField("leftAt", membership.leftAt().orElseThrow().toString());
            // Leaving cannot be undone by the user: only the organization's administrator can invite them again.
            g.writeStringField("rejoinedBy", "administrator");
            g.writeEndObject();
        });
    }
}
