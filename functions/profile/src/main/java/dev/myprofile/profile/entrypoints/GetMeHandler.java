package dev.myprofile.profile.entrypoints;

import dev.myprofile.shared.Services;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.SignedOut;
import dev.myprofile.shared.domain.Organization;
import dev.myprofile.shared.domain.Profile;
import dev.myprofile.shared.domain.ProfileStore;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.store.Keys;

import java.util.Optional;

/**
 * {@code GET /me}: the Overview. One DynamoDB request reads the profile and the home organization
 * together (the organization named by the token); the very first request also creates the profile,
 * conditionally, from the token's claims.
 */
public final class GetMeHandler extends ApiFunction {

    public GetMeHandler() {
        this(Services.fromEnvironment());
    }

    public GetMeHandler(Services services) {
        super(services);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        ProfileStore store = services.profiles();
        String userKey = Keys.user(caller.issuer(), caller.subject());
        Optional<String> tokenOrganization = caller.claims().organizationId();
        ProfileStore.Snapshot snapshot = store.load(userKey, tokenOrganization);
        Profile profile = snapshot.profile()
                .orElseGet(() -> store.createIfAbsent(userKey, Profile.fromClaims(caller, services.clock().instant())));
        SignedOut.check(profile, caller);
        Optional<Organization> home = profile.homeOrganizationId().equals(tokenOrganization)
                ? snapshot.organization()
                : profile.homeOrganizationId().flatMap(store::organization);
        return OverviewJson.response(profile, home);
    }
}
