package dev.myprofile.organizations.entrypoints;

import dev.myprofile.organizations.model.Affiliations;
import dev.myprofile.organizations.model.Role;
import dev.myprofile.organizations.store.OrganizationStore;
import dev.myprofile.organizations.store.dynamodb.DynamoOrganizationStore;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;

/**
 * {@code GET /me/organizations}: the home organization (it owns the account and cannot be left) and
 * the organizations the user is a guest of, each with name, domain, role, when the user joined (for
 * guests) and the organization's privacy links. The home organization is the token's organization
 * claim, or with Cognito (whose tokens carry none) the one stored with the profile.
 */
public final class ListOrganizationsHandler extends ApiFunction {
    private final OrganizationStore organizations;

    public ListOrganizationsHandler() {
        this(Api.fromEnvironment());
    }

    public ListOrganizationsHandler(Api api) {
        this(api, new DynamoOrganizationStore(api.platform()));
    }

    public ListOrganizationsHandler(Api api, OrganizationStore organizations) {
        super(api);
        this.organizations = organizations;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        Affiliations affiliations = organizations.affiliations(caller.userKey(), caller.claims().organizationId());
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("organizations");
            for (OrganizationsJson.Entry entry : OrganizationsJson.entries(affiliations)) {
                g.writeStartObject();
                OrganizationsJson.identity(g, entry);
                g.writeFieldName("joinedAt");
                if (entry.joinedAt().isPresent()) {
                    g.writeString(entry.joinedAt().get().toString());
                } else {
                    g.writeNull();
                }
                g.writeBooleanField("canLeave", entry.role() == Role.GUEST);
                OrganizationsJson.privacy(g, entry.organization());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
