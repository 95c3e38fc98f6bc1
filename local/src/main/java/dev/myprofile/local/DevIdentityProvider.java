package dev.myprofile.local;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequestHandler;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import okhttp3.Headers;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The development OpenID Connect provider: mock-oauth2-server with an interactive sign-in page that
 * lets a person pick a demo user. The web app signs in against it with authorization code + PKCE,
 * exactly as against Cognito or Entra ID. Its access tokens look like a production provider's: typ
 * {@code at+jwt}, our audience, and {@code auth_time} (the moment of sign-in) and {@code amr}, so the
 * step-up rules behave locally as they will in production.
 *
 * <p>Only what the web app uses is open ({@link WebAppOnly}): discovery, keys, the sign-in page, the
 * authorization-code and refresh-token grants, and sign-out. mock-oauth2-server would also hand an
 * API-valid token to anyone asking with the password, client-credentials, JWT-bearer or token-exchange
 * grant, and allow any page's origin to call it from a browser; here those grants are refused and only
 * the web app's origin gets CORS headers.
 */
public final class DevIdentityProvider implements AutoCloseable {
    public static final String ISSUER_ID = "myprofile";
    public static final String CLIENT_ID = "myprofile-web";
    public static final String AUDIENCE = "myprofile-api";

    private final MockOAuth2Server server;

    private DevIdentityProvider(MockOAuth2Server server) {
        this.server = server;
    }

    /**
     * Starts on {@code port} of the loopback address; {@code loginPage} is the demo-user chooser and
     * {@code webOrigin} the one origin whose pages may call it from a browser.
     */
    public static DevIdentityProvider start(int port, Path loginPage, String webOrigin) {
        OAuth2Config defaults = new OAuth2Config();
        OAuth2Config config = defaults.copy(true, loginPage.toString(), null, false,
                defaults.getTokenProvider(), Set.of(new SignInClaims()), defaults.getHttpServer());
        // The first route that matches answers: this one matches every request, so the server's own
        // handler (identical, but unguarded) is never reached.
        Route guarded = new WebAppOnly(new OAuth2HttpRequestHandler(config).getAuthorizationServer(), webOrigin);
        MockOAuth2Server server = new MockOAuth2Server(config, guarded);
        server.start(InetAddress.getLoopbackAddress(), port);
        return new DevIdentityProvider(server);
    }

    /** The issuer URL, without a trailing slash, as it appears in the tokens' {@code iss}. */
    public String issuer() {
        return server.issuerUrl(ISSUER_ID).toString().replaceAll("/+$", "");
    }

    public String jwksUri() {
        return server.jwksUrl(ISSUER_ID).toString();
    }

    /**
     * The subject of the device-management service's own tokens here: the local runtime gives the
     * functions this as {@code SERVICE_CLIENT_ID}, so the demo's devices come through registration as
     * with Cognito's client-credentials client (the template connects a service's own client only to a
     * Cognito pool).
     */
    public static final String DEVICE_SERVICE = "myprofile-device-service";

    /**
     * An access token of the device-management service, signed by this provider: its own subject,
     * the registration scope, our audience. Issued in-process, not at the token endpoint, which keeps
     * offering only the web app's grants.
     */
    public String serviceToken(String scope) {
        return issue(DEVICE_SERVICE, Map.of("scope", scope, "client_id", DEVICE_SERVICE));
    }

    /**
     * An access token for {@code subject} as the web app gets one after a sign-in at this provider's page
     * ({@code claims} as the page gives them), signed in now.
     */
    public String personToken(String subject, Map<String, Object> claims) {
        Map<String, Object> all = new java.util.HashMap<>(claims);
        all.put("auth_time", Instant.now().getEpochSecond());
        all.put("client_id", CLIENT_ID);
        return issue(subject, all);
    }

    private String issue(String subject, Map<String, Object> claims) {
        return server.issueToken(ISSUER_ID, CLIENT_ID, new no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback(
                ISSUER_ID, subject, "at+jwt", List.of(AUDIENCE), claims, 3600)).serialize();
    }

    @Override
    public void close() {
        server.shutdown();
    }

    /**
     * The provider as the web app needs it and no more. Token requests with any grant but the
     * authorization code and the refresh token get OAuth's {@code unsupported_grant_type}; the
     * endpoints the web app does not call (user info, introspection, revocation, the debugger) are
     * not found; CORS headers are given to the web app's origin only (the library echoes any
     * {@code Origin}, with credentials).
     */
    static final class WebAppOnly implements Route {
        private static final Set<String> GRANTS = Set.of("authorization_code", "refresh_token");
        private static final Pattern OPEN = Pattern.compile(
                "/[^/]+/(\\.well-known/(openid-configuration|oauth-authorization-server)|jwks|authorize|token|endsession)"
                        + "|/static/.*|/favicon\\.ico");

        private final Route provider;
        private final String webOrigin;

        WebAppOnly(Route provider, String webOrigin) {
            this.provider = provider;
            this.webOrigin = webOrigin;
        }

        @Override
        public boolean match(OAuth2HttpRequest request) {
            return true;
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            String path = request.getUrl().encodedPath();
            if (!OPEN.matcher(path).matches()) {
                return oauthError(404, "not_found", "The development provider offers only what the web app uses.");
            }
            if (path.endsWith("/token") && "POST".equals(request.getMethod())) {
                String grant = request.getFormParameters().get("grant_type");
                if (grant == null || !GRANTS.contains(grant)) {
                    return oauthError(400, "unsupported_grant_type",
                            "Only the authorization code (with PKCE) and the refresh token grants are offered.");
                }
            }
            return onlyForTheWebApp(request, provider.invoke(request));
        }

        private OAuth2HttpResponse onlyForTheWebApp(OAuth2HttpRequest request, OAuth2HttpResponse response) {
            String origin = request.getHeaders().get("Origin");
            if (origin == null || origin.equals(webOrigin)) {
                return response;
            }
            Headers.Builder headers = new Headers.Builder();
            for (int i = 0; i < response.getHeaders().size(); i++) {
                String name = response.getHeaders().name(i);
                if (!name.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-")) {
                    headers.add(name, response.getHeaders().value(i));
                }
            }
            return new OAuth2HttpResponse(headers.build(), response.getStatus(), response.getBody(), response.getBytesBody());
        }

        private static OAuth2HttpResponse oauthError(int status, String error, String description) {
            String body = "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}";
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json;charset=UTF-8"), status, body, null);
        }
    }

    /**
     * Claims every token gets. mock-oauth2-server lets these win over the sign-in page's, so only what
     * the page cannot say is here: the moment of sign-in. The page gives each choice its own name,
     * email, organization and {@code amr} (multi-factor, or password only to try step-up).
     */
    private static final class SignInClaims implements OAuth2TokenCallback {
        @Override public String issuerId() { return ISSUER_ID; }
        @Override public String subject(TokenRequest request) { return "anonymous"; }
        @Override public String typeHeader(TokenRequest request) { return "at+jwt"; }
        @Override public List<String> audience(TokenRequest request) { return List.of(AUDIENCE); }
        @Override public long tokenExpiry() { return 3600; }

        /**
         * A token renewed with a refresh token carries no {@code auth_time}: this provider cannot tell
         * when the sign-in behind it was, and "now" would let step-up take a renewal for a fresh sign-in.
         */
        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            if (request.getAuthorizationGrant() instanceof RefreshTokenGrant) {
                return Map.of("client_id", CLIENT_ID);
            }
            return Map.of(
                    "auth_time", Instant.now().getEpochSecond(),
                    "client_id", CLIENT_ID);
        }
    }
}
