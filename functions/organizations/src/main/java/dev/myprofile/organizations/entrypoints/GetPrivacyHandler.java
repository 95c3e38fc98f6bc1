package dev.myprofile.organizations.entrypoints;

import dev.myprofile.organizations.model.PortalData;
import dev.myprofile.organizations.store.OrganizationStore;
import dev.myprofile.organizations.store.dynamodb.DynamoOrganizationStore;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;

import java.util.List;
import java.util.Locale;

/**
 * {@code GET /me/privacy}: for the home organization and each guest organization, its privacy
 * statement, privacy contact and terms of use (null when not provided); and what the portal itself
 * stores about the user and for how long ({@link PortalData}, the one list).
 */
public final class GetPrivacyHandler extends ApiFunction {
    private final OrganizationStore organizations;
    private final List<PortalData.Kind> portalData;

    public GetPrivacyHandler() {
        this(Api.fromEnvironment());
    }

    public GetPrivacyHandler(Api api) {
        this(api, new DynamoOrganizationStore(api.platform()));
    }

    public GetPrivacyHandler(Api api, OrganizationStore organizations) {
        super(api);
        this.organizations = organizations;
        this.portalData = PortalData.kinds(api.platform().config());
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        var entries = OrganizationsJson.entries(organizations.affiliations(caller.userKey(), caller.claims().organizationId()));
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("organizations");
            for (OrganizationsJson.Entry entry : entries) {
                g.writeStartObject();
                OrganizationsJson.identity(g, entry);
                OrganizationsJson.privacy(g, entry.organization());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("portalData");
            for (PortalData.Kind kind : portalData) {
                g.writeStartObject();
                g.writeStringField("id", kind.id());
                g.writeArrayFieldStart("fields");
                for (String field : kind.fields()) {
                    g.writeString(field);
                }
                g.writeEndArray();
                g.writeObjectFieldStart("retention");
                g.writeStringField("rule", kind.retention().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                if (kind.days() > 0) {
                    g.writeNumberField("days", kind.days());
                }
                if (kind.afterDays() > 0) {
                    g.writeNumberField("afterDays", kind.afterDays());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
