package dev.myprofile.local;

import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.SamTemplate;
import dev.myprofile.testkit.Totp;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AccountRecoverySettingType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordPolicyType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RecoveryOptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceServerScopeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user pool on moto's Cognito, made from template.yaml's own {@code UserPool} and
 * {@code WebClient} resources (as the table is made from the template's table), and the demo users
 * in it. Moto serves the Cognito API the local sign-in drives: InitiateAuth, the authenticator-app
 * challenge, tokens signed by the pool's key. Never deployed.
 */
final class LocalUserPool {
    static final String POOL = "UserPool";
    static final String CLIENT = "WebClient";
    /** The organization's device-management service: a confidential client with the client-credentials grant. */
    static final String DEVICE_SERVICE_CLIENT = "DeviceServiceClient";
    /** Managed login signs people in with SRP; the local sign-in sends the password to moto itself. */
    private static final String LOCAL_AUTH_FLOW = "ALLOW_USER_PASSWORD_AUTH";

    private final CognitoIdentityProviderClient cognito;
    private final String poolId;
    private final UserPoolClientType client;
    private final UserPoolClientType deviceService;

    private LocalUserPool(CognitoIdentityProviderClient cognito, String poolId, UserPoolClientType client,
                          UserPoolClientType deviceService) {
        this.cognito = cognito;
        this.poolId = poolId;
        this.client = client;
        this.deviceService = deviceService;
    }

    /** A demo user: who they are, the password shown on the sign-in page, and whether they have an authenticator app. */
    record DemoUser(String email, String password, String name, boolean authenticatorApp, String note) {}

    /** A demo user as created: their {@code sub}, and their authenticator app's secret when they have one. */
    record Created(DemoUser user, String sub, Optional<String> authenticatorSecret) {}

    /** Creates the pool and the web app's client from the template, on the moto at {@code endpoint}. */
    static LocalUserPool create(SamTemplate template, URI endpoint, Map<String, String> references) {
        CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(Moto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)))
                .endpointOverride(endpoint)
                .build();
        Map<String, Object> pool = properties(template, POOL);
        Map<String, Object> passwords = SamTemplate.map(SamTemplate.map(pool.get("Policies")).get("PasswordPolicy"));
        // The first factors (passkeys among them unless PasskeyRegistration is off) and the tier that keeps passkeys.
        Map<String, Boolean> conditions = template.conditions(references);
        List<String> firstFactors = strings(chosen(SamTemplate.map(SamTemplate.map(pool.get("Policies")).get("SignInPolicy"))
                .get("AllowedFirstAuthFactors"), conditions));
        String poolId = cognito.createUserPool(r -> r
                .poolName(SamTemplate.resolve(pool.get("UserPoolName"), references))
                .userPoolTier(String.valueOf(chosen(pool.get("UserPoolTier"), conditions)))
                .userPoolAddOns(a -> a.advancedSecurityMode(String.valueOf(chosen(
                        SamTemplate.map(pool.get("UserPoolAddOns")).get("AdvancedSecurityMode"), conditions))))
                .usernameAttributesWithStrings(strings(pool.get("UsernameAttributes")))
                .autoVerifiedAttributesWithStrings(strings(pool.get("AutoVerifiedAttributes")))
                .mfaConfiguration(String.valueOf(pool.get("MfaConfiguration")))
                .policies(p -> p.signInPolicy(s -> s.allowedFirstAuthFactorsWithStrings(firstFactors)).passwordPolicy(PasswordPolicyType.builder()
                        .minimumLength(Integer.valueOf(String.valueOf(passwords.get("MinimumLength"))))
                        .requireLowercase(Boolean.valueOf(String.valueOf(passwords.get("RequireLowercase"))))
                        .requireUppercase(Boolean.valueOf(String.valueOf(passwords.get("RequireUppercase"))))
                        .requireNumbers(Boolean.valueOf(String.valueOf(passwords.get("RequireNumbers"))))
                        .requireSymbols(Boolean.valueOf(String.valueOf(passwords.get("RequireSymbols"))))
                        .build()))
                .accountRecoverySetting(recovery(pool))
                .schema(schema(pool))).userPool().id();
        // EnabledMfas is the template's word for what the API sets with SetUserPoolMfaConfig.
        List<String> mfas = strings(pool.get("EnabledMfas"));
        cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId)
                .mfaConfiguration(String.valueOf(pool.get("MfaConfiguration")))
                .softwareTokenMfaConfiguration(t -> t.enabled(mfas.contains("SOFTWARE_TOKEN_MFA")))
                .smsMfaConfiguration(s -> s.smsConfiguration(c -> c
                        .snsCallerArn("arn:aws:iam::123456789012:role/local-sms").externalId("local"))));

        Map<String, Object> web = properties(template, CLIENT);
        List<String> flows = new ArrayList<>(strings(web.get("ExplicitAuthFlows")));
        flows.add(LOCAL_AUTH_FLOW);
        UserPoolClientType client = cognito.createUserPoolClient(r -> r.userPoolId(poolId)
                .clientName(SamTemplate.resolve(web.get("ClientName"), references))
                .generateSecret(Boolean.valueOf(String.valueOf(web.get("GenerateSecret"))))
                .allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlowsWithStrings(strings(web.get("AllowedOAuthFlows")))
                .allowedOAuthScopes(strings(web.get("AllowedOAuthScopes")))
                .callbackURLs(resolved(template, web.get("CallbackURLs"), references))
                .logoutURLs(resolved(template, web.get("LogoutURLs"), references))
                .supportedIdentityProviders(strings(web.get("SupportedIdentityProviders")))
                .explicitAuthFlowsWithStrings(flows)
                .preventUserExistenceErrors(String.valueOf(web.get("PreventUserExistenceErrors")))).userPoolClient();

        // The API's resource server and the device-management service's client, as the template makes them.
        for (String server : template.resourcesOfType("AWS::Cognito::UserPoolResourceServer")) {
            Map<String, Object> properties = properties(template, server);
            cognito.createResourceServer(r -> r.userPoolId(poolId)
                    .identifier(String.valueOf(properties.get("Identifier")))
                    .name(SamTemplate.resolve(properties.get("Name"), references))
                    .scopes(SamTemplate.list(properties.get("Scopes")).stream().map(SamTemplate::map)
                            .map(scope -> ResourceServerScopeType.builder().scopeName(String.valueOf(scope.get("ScopeName")))
                                    .scopeDescription(String.valueOf(scope.get("ScopeDescription"))).build()).toList()));
        }
        Map<String, Object> service = properties(template, DEVICE_SERVICE_CLIENT);
        UserPoolClientType deviceService = cognito.createUserPoolClient(r -> r.userPoolId(poolId)
                .clientName(SamTemplate.resolve(service.get("ClientName"), references))
                .generateSecret(Boolean.valueOf(String.valueOf(service.get("GenerateSecret"))))
                .allowedOAuthFlowsUserPoolClient(Boolean.valueOf(String.valueOf(service.get("AllowedOAuthFlowsUserPoolClient"))))
                .allowedOAuthFlowsWithStrings(strings(service.get("AllowedOAuthFlows")))
                .allowedOAuthScopes(strings(service.get("AllowedOAuthScopes")))
                .supportedIdentityProviders(strings(service.get("SupportedIdentityProviders")))
                .preventUserExistenceErrors(String.valueOf(service.get("PreventUserExistenceErrors")))).userPoolClient();
        return new LocalUserPool(cognito, poolId, client, deviceService);
    }

    /** The branch of an {@code Fn::If} the template's conditions pick (the value itself when it is none). */
    private static Object chosen(Object value, Map<String, Boolean> conditions) {
        if (value instanceof Map<?, ?> function && function.containsKey("Fn::If")) {
            List<Object> branches = SamTemplate.list(function.get("Fn::If"));
            return chosen(Boolean.TRUE.equals(conditions.get(String.valueOf(branches.get(0)))) ? branches.get(1) : branches.get(2),
                    conditions);
        }
        return value;
    }

    /** The relying-party id passkeys are made for, as the template gives the pool (locally the portal's own). */
    static String relyingPartyId(SamTemplate template, Map<String, String> references) {
        return SamTemplate.resolve(chosen(properties(template, POOL).get("WebAuthnRelyingPartyID"), template.conditions(references)),
                references);
    }

    static String userVerification(SamTemplate template) {
        return String.valueOf(properties(template, POOL).get("WebAuthnUserVerification"));
    }

    private static Map<String, Object> properties(SamTemplate template, String logicalId) {
        return SamTemplate.map(template.resource(logicalId).get("Properties"));
    }

    private static List<String> strings(Object list) {
        return SamTemplate.list(list).stream().map(String::valueOf).toList();
    }

    private static List<String> resolved(SamTemplate template, Object list, Map<String, String> references) {
        return SamTemplate.list(list).stream().map(v -> template.evaluate(v, references)).toList();
    }

    private static AccountRecoverySettingType recovery(Map<String, Object> pool) {
        List<RecoveryOptionType> options = new ArrayList<>();
        for (Object raw : SamTemplate.list(SamTemplate.map(pool.get("AccountRecoverySetting")).get("RecoveryMechanisms"))) {
            Map<String, Object> option = SamTemplate.map(raw);
            options.add(RecoveryOptionType.builder().name(String.valueOf(option.get("Name")))
                    .priority(Integer.valueOf(String.valueOf(option.get("Priority")))).build());
        }
        return AccountRecoverySettingType.builder().recoveryMechanisms(options).build();
    }

    private static List<SchemaAttributeType> schema(Map<String, Object> pool) {
        List<SchemaAttributeType> attributes = new ArrayList<>();
        for (Object raw : SamTemplate.list(pool.get("Schema"))) {
            Map<String, Object> attribute = SamTemplate.map(raw);
            attributes.add(SchemaAttributeType.builder()
                    .name(String.valueOf(attribute.get("Name")))
                    .attributeDataType(String.valueOf(attribute.get("AttributeDataType")))
                    .required(Boolean.valueOf(String.valueOf(attribute.get("Required"))))
                    .mutable(Boolean.valueOf(String.valueOf(attribute.get("Mutable"))))
                    .build());
        }
        return attributes;
    }

    /**
     * Creates the demo user with a permanent password (and, when they have one, an authenticator app
     * enrolled the way the Security info page will: associate, verify a current code, prefer it).
     * @return the user's {@code sub} (the subject of their tokens) and authenticator secret
     */
    Created createUser(DemoUser user) {
        AdminCreateUserResponse created = cognito.adminCreateUser(r -> r.userPoolId(poolId).username(user.email())
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(attribute("email", user.email()), attribute("email_verified", "true"),
                        attribute("name", user.name())));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(user.email()).password(user.password()).permanent(true));
        Optional<String> authenticatorSecret = Optional.empty();
        if (user.authenticatorApp()) {
            String accessToken = signIn(user.email(), user.password()).accessToken();
            String secret = cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
            authenticatorSecret = Optional.of(secret);
            cognito.verifySoftwareToken(r -> r.accessToken(accessToken).userCode(Totp.code(secret, Instant.now()))
                    .friendlyDeviceName("Authenticator app"));
            cognito.adminSetUserMFAPreference(r -> r.userPoolId(poolId).username(user.email())
                    .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));
        }
        String sub = created.user().attributes().stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        return new Created(user, sub, authenticatorSecret);
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    /** A password sign-in that needs no second step (the demo users' setup). */
    AuthenticationResultType signIn(String username, String password) {
        return cognito.initiateAuth(r -> r.clientId(client.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password))).authenticationResult();
    }

    CognitoIdentityProviderClient cognito() {
        return cognito;
    }

    String poolId() {
        return poolId;
    }

    String clientId() {
        return client.clientId();
    }

    /** The device-management service's client, with its secret and its allowed grant and scopes, as moto keeps them. */
    UserPoolClientType deviceService() {
        return deviceService;
    }

    List<String> callbackUrls() {
        return client.callbackURLs();
    }

    List<String> logoutUrls() {
        return client.logoutURLs();
    }

    /** The tokens' {@code iss}: moto names it as Cognito does. */
    String issuer() {
        return "https://cognito-idp." + Moto.REGION + ".amazonaws.com/" + poolId;
    }

    /** Where moto serves the pool's signing keys (it has no OpenID discovery document). */
    String jwksUri(URI endpoint) {
        return endpoint.toString().replaceAll("/+$", "") + "/" + poolId + "/.well-known/jwks.json";
    }

    /** Every reference the template's resources make to the pool, for resolving its environment. */
    Map<String, String> references() {
        Map<String, String> references = new LinkedHashMap<>();
        references.put(POOL, poolId);
        references.put(CLIENT, client.clientId());
        references.put(DEVICE_SERVICE_CLIENT, deviceService.clientId());
        return references;
    }
}
