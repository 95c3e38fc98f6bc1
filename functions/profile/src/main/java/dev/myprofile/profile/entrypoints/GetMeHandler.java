package dev.myprofile.profile.entrypoints;

import dev.myprofile.organizations.model.Organization;
import dev.myprofile.profile.model.Profile;
import dev.myprofile.profile.store.ProfileStore;
import dev.myprofile.profile.store.dynamodb.DynamoProfileStore;
import dev.myprofile.profile.userinfo.UserInfo;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.SignOutCheck;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;

import java.util.Optional;

/**
 * {@code GET /me}: the Overview. One DynamoDB request reads the profile and the home organization
 * together (the organization named by the token); the very first request also creates the profile,
 * conditionally, from the token's claims, completed from the issuer's UserInfo endpoint when the token
 * names neither the person nor their email (a Cognito access token: see {@link UserInfo}). A read that
 * creates is a change: the create checks the sign-out time afresh, in the same transaction, so nothing
 * is ever written into a closed account's partition (401 instead).
 */
public final class GetMeHandler extends ApiFunction {
    private final ProfileStore profiles;
    private final UserInfo userInfo;

    public GetMeHandler() {
        this(Api.fromEnvironment());
    }

    public GetMeHandler(Api api) {
        this(api, new DynamoProfileStore(api.platform()));
    }

    public GetMeHandler(Api api, ProfileStore profiles) {
        super(api);
        this.profiles = profiles;
        this.userInfo = UserInfo.from(api.platform().config());
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        UserKey user = caller.userKey();
        Optional<String> tokenOrganization = caller.claims().organizationId();
        ProfileStore.Snapshot snapshot = profiles.load(user, tokenOrganization);
        Profile profile = snapshot.profile().or(() -> profiles.createIfAbsent(user,
                        Profile.fromClaims(userInfo.complete(caller, request.bearerToken()), api.clock().instant()),
                        caller.issuedAt()))
                // Signed out everywhere since the token was issued (a closed account begins so): the
                // container's copy of the sign-out time was older, the create's own check was not.
                .orElseThrow(SignOutCheck::problem);
        Optional<Organization> home = profile.homeOrganizationId().equals(tokenOrganization)
                ? snapshot.organization()
                : profile.homeOrganizationId().flatMap(profiles::organization);
        return OverviewJson.response(profile, home);
    }
}
