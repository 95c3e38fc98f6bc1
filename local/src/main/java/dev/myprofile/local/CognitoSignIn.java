package dev.myprofile.local;

import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.SamTemplate;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local sign-in of the default setup: the template's user pool on moto's Cognito, the demo users
 * in it, and {@link LocalManagedLogin} in front. The functions get the environment the template
 * gives them for a pool it creates ({@code SignInService = create-cognito-user-pool}); only the JWKS
 * URI is moto's, which serves the pool's keys on its own address.
 */
final class CognitoSignIn implements LocalSignIn {
    /** The demo users, in the pool and (Ada) in the table, from this one list. */
    static final List<LocalUserPool.DemoUser> DEMO_USERS = List.of(
            new LocalUserPool.DemoUser(DemoData.ADA_EMAIL, "Analytical-Engine-1843", "Ada Lovelace", false,
                    "Contoso, two guest organizations, six devices."),
            new LocalUserPool.DemoUser("grace@contoso.example", "Harvard-Mark-I-1944", "Grace Hopper", false,
                    "A new user: the first visit creates the profile."),
            new LocalUserPool.DemoUser("alan@contoso.example", "Bombe-Bletchley-1940", "Alan Turing", true,
                    "Has an authenticator app: you are asked for its code."));
    static final String SCOPE = "openid email profile aws.cognito.signin.user.admin";

    private final LocalUserPool pool;
    private final LocalManagedLogin login;
    private final URI endpoint;
    private final Identity demoIdentity;
    private final List<UserKey> withAuthenticatorApp;

    private CognitoSignIn(LocalUserPool pool, LocalManagedLogin login, URI endpoint, Identity demoIdentity,
                          List<UserKey> withAuthenticatorApp) {
        this.pool = pool;
        this.login = login;
        this.endpoint = endpoint;
        this.demoIdentity = demoIdentity;
        this.withAuthenticatorApp = withAuthenticatorApp;
    }

    /**
     * @param endpoint   moto
     * @param cognitoApi where the sign-in sends Cognito's WebAuthn requests (the stand-in in front of moto)
     */
    static CognitoSignIn start(SamTemplate template, URI endpoint, Map<String, String> references, String webOrigin,
                               URI cognitoApi) throws IOException {
        Map<String, String> withService = new HashMap<>(references);
        withService.put("SignInService", "create-cognito-user-pool");
        LocalUserPool pool = LocalUserPool.create(template, endpoint, withService);
        List<LocalUserPool.Created> users = new ArrayList<>();
        for (LocalUserPool.DemoUser user : DEMO_USERS) {
            users.add(pool.createUser(user));
        }
        LocalManagedLogin login = LocalManagedLogin.start(Moto.freePort(), pool, users, webOrigin, pool.jwksUri(endpoint),
                cognitoApi, endpoint);
        String adaSub = users.stream().filter(u -> u.user().email().equals(DemoData.ADA_EMAIL)).findFirst().orElseThrow().sub();
        List<UserKey> withApp = users.stream().filter(u -> u.authenticatorSecret().isPresent())
                .map(u -> UserKey.of(pool.issuer(), u.sub())).toList();
        return new CognitoSignIn(pool, login, endpoint, new Identity(pool.issuer(), adaSub), withApp);
    }

    @Override public String issuer() { return login.url(); }

    /** Tells {@code standIn} of every sign-in this sign-in runs (Cognito's threat protection, locally). */
    void recordSignInsIn(CognitoAuthEventsStandIn standIn) {
        login.recordSignInsIn(standIn);
    }

    /** The sign-in's address for a Java client (its own host name is one only browsers are sure to resolve). */
    String issuerFromJava() { return login.directUrl(); }
    @Override public String clientId() { return pool.clientId(); }

    /** The sign-in's token endpoint for a Java client (the device-management service's client-credentials grant). */
    String tokenEndpointFromJava() { return login.directUrl() + "/oauth2/token"; }

    /** The pool on moto, for tests that give a person what the portal would (a phone, say) or change a user as an administrator would. */
    LocalUserPool pool() { return pool; }
    @Override public String scope() { return SCOPE; }
    @Override public Optional<String> logoutUrl() { return Optional.of(login.logoutUrl()); }
    @Override public Identity demoIdentity() { return demoIdentity; }
    @Override public List<UserKey> usersWithAuthenticatorApp() { return withAuthenticatorApp; }

    @Override
    public Map<String, String> references() {
        Map<String, String> references = new HashMap<>(pool.references());
        references.put("SignInService", "create-cognito-user-pool");
        return references;
    }

    @Override
    public Map<String, String> settings() {
        // moto serves Cognito's API too (the sign-out-everywhere function's global sign-out).
        // The UserInfo endpoint by the sign-in's loopback address: Java may not resolve its host name.
        // The pool's keys as the sign-in serves them: moto's, and its own for the client-credentials grant.
        return Map.of("JWKS_URI", login.directUrl() + LocalManagedLogin.JWKS_PATH, "COGNITO_ENDPOINT", endpoint.toString(),
                "USERINFO_URL", login.directUrl() + "/oauth2/userInfo");
    }

    /** The service's confidential client (client-credentials grant at this sign-in's token endpoint). */
    @Override
    public DeviceRegistrationClient deviceService(URI api) {
        var service = pool.deviceService();
        return new DeviceRegistrationClient(URI.create(tokenEndpointFromJava()), service.clientId(), service.clientSecret(), api);
    }

    /**
     * Ada's password sign-in at the pool behind this sign-in, as the sign-in page runs it for the web
     * app (Ada has no second step); not one of the sign-ins her Activity page lists, which are a
     * person's at the page.
     */
    @Override
    public String demoUserAccessToken() {
        LocalUserPool.DemoUser ada = DEMO_USERS.get(0);
        return pool.signIn(ada.email(), ada.password()).accessToken();
    }

    @Override
    public String howToSignIn() {
        return "Sign in as " + DEMO_USERS.get(0).name() + " (" + DEMO_USERS.get(0).email() + ", password "
                + DEMO_USERS.get(0).password() + "); the sign-in page lists the other demo users.";
    }

    @Override
    public void close() {
        login.close();
        pool.cognito().close();
    }
}
