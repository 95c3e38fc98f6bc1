package dev.myprofile.local;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The development OpenID Connect provider: mock-oauth2-server with an interactive sign-in page that
 * lets a person pick a demo user. The web app signs in against it with authorization code + PKCE,
 * exactly as against Cognito or Entra ID. Its access tokens look like a production provider's: typ
 * {@code at+jwt}, our audience, and {@code auth_time} (the moment of sign-in) and {@code amr}, so the
 * step-up rules behave locally as they will in production.
 */
public final class DevIdentityProvider implements AutoCloseable {
    public static final String ISSUER_ID = "myprofile";
    public static final String CLIENT_ID = "myprofile-web";
    public static final String AUDIENCE = "myprofile-api";

    private final MockOAuth2Server server;

    private DevIdentityProvider(MockOAuth2Server server) {
        this.server = server;
    }

    /** Starts on {@code port} of the loopback address; {@code loginPage} is the demo-user chooser. */
    public static DevIdentityProvider start(int port, Path loginPage) {
        OAuth2Config defaults = new OAuth2Config();
        OAuth2Config config = defaults.copy(true, loginPage.toString(), null, false,
                defaults.getTokenProvider(), Set.of(new SignInClaims()), defaults.getHttpServer());
        MockOAuth2Server server = new MockOAuth2Server(config);
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

    @Override
    public void close() {
        server.shutdown();
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
