package dev.myprofile.local;

import dev.myprofile.testkit.Moto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * "Another OpenID provider" locally: mock-oauth2-server, whose sign-in page lets a test choose the
 * token's claims (a device id, a single-factor {@code amr}). Kept for the generic-OIDC tests and as
 * {@code LOCAL_SIGN_IN=oidc local/run}; the default local sign-in is Cognito's.
 */
final class DevelopmentSignIn implements LocalSignIn {
    private final DevIdentityProvider provider;

    private DevelopmentSignIn(DevIdentityProvider provider) {
        this.provider = provider;
    }

    static DevelopmentSignIn start(Path runDir, String webOrigin) throws IOException {
        Path loginPage = runDir.resolve("login.html");
        try (InputStream page = DevelopmentSignIn.class.getResourceAsStream("/dev-identity/login.html")) {
            Files.copy(page, loginPage, StandardCopyOption.REPLACE_EXISTING);
        }
        return new DevelopmentSignIn(DevIdentityProvider.start(Moto.freePort(), loginPage, webOrigin));
    }

    @Override public String issuer() { return provider.issuer(); }
    @Override public String clientId() { return DevIdentityProvider.CLIENT_ID; }
    @Override public String scope() { return "openid profile email"; }
    @Override public Optional<String> logoutUrl() { return Optional.empty(); }
    @Override public Identity demoIdentity() { return new Identity(provider.issuer(), DemoData.DEMO_USER); }

    @Override
    public Map<String, String> references() {
        return Map.of("SignInService", "other-openid-provider",
                "TokenIssuer", provider.issuer(),
                "TokenAudience", DevIdentityProvider.AUDIENCE,
                "JwksUri", provider.jwksUri());
    }

    /**
     * The device-management service's own token is this provider's {@link DevIdentityProvider#DEVICE_SERVICE}
     * (see there): registration takes it as the service's.
     */
    @Override
    public Map<String, String> settings() {
        return Map.of("SERVICE_CLIENT_ID", DevIdentityProvider.DEVICE_SERVICE);
    }

    @Override
    public DeviceRegistrationClient deviceService(java.net.URI api) {
        return new DeviceRegistrationClient(() -> provider.serviceToken(DEVICE_REGISTRATION_SCOPE), api);
    }

    /** The template's default {@code DeviceRegistrationScope}, which registration needs with another provider. */
    static final String DEVICE_REGISTRATION_SCOPE = "myprofile/devices.register";

    /** Ada as the sign-in page's first choice gives her (multi-factor), without naming a device. */
    @Override
    public String demoUserAccessToken() {
        return provider.personToken(DemoData.DEMO_USER, Map.of("name", "Ada Lovelace", "email", DemoData.ADA_EMAIL,
                "tid", "contoso", "amr", java.util.List.of("pwd", "mfa")));
    }

    @Override
    public String howToSignIn() {
        return "Sign in as the demo user (Ada Lovelace) at the development provider.";
    }

    @Override
    public void close() {
        provider.close();
    }
}
