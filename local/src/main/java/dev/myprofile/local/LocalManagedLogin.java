package dev.myprofile.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.myprofile.shared.auth.DynamoSignOuts;
import dev.myprofile.shared.auth.SignOuts;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.json.Json;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.Totp;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local sign-in in the shape of Cognito's managed login, on moto's Cognito: {@code /oauth2/authorize}
 * (authorization code + PKCE S256, {@code prompt}, {@code max_age}, {@code lang}), a sign-in form that
 * drives InitiateAuth and every second step the portal can turn on ({@code SOFTWARE_TOKEN_MFA} for an
 * authenticator app, {@code SMS_MFA} for a phone), its forms guarded against login CSRF as managed
 * login's are, {@code /oauth2/token}, {@code /logout}, a discovery document, and managed login's
 * {@code /passkeys/add} page (the WebAuthn ceremony for this sign-in's own relying party, its host,
 * through Cognito's StartWebAuthnRegistration and CompleteWebAuthnRegistration, then back to the app).
 * The web app signs in against it exactly as against Cognito. Never deployed.
 *
 * <p>It answers on {@code http://login.localhost:<port>}: a host of its own, as managed login's domain
 * is, so its session cookie is never the web app's (cookies ignore ports) and its passkeys' relying
 * party is not the portal's; and a {@code *.localhost} name, which browsers keep on this machine and
 * treat as a secure context (WebAuthn refuses an IP address). Java's resolver may know no such name:
 * a test reaching it from Java uses {@link #directUrl()}.
 *
 * <p>Like managed login, a sign-in leaves a session in a cookie ({@code cognito}, HttpOnly, one hour
 * at most): an authorization request without {@code prompt}, or with {@code prompt=none}, is answered
 * with a code at once while it lasts, and {@code prompt=none} without one answers
 * {@code login_required}; {@code prompt=login} always shows the form; {@code /logout} ends it.
 *
 * <p>Where it cannot be Cognito, it says so. moto stamps every token it makes with the current time
 * as {@code auth_time}, so a token made for a session would pass for a fresh sign-in (and step-up
 * would believe it): the session hands back the tokens of its own sign-in instead, and lasts only as
 * long as they do (moto's access tokens live an hour, as managed login's session cookie does). It
 * returns no ID token (moto's carries no {@code nonce}) and no refresh token (a refresh would be
 * such a token too). The access token is moto's own.
 */
final class LocalManagedLogin implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long CODE_LIFETIME_SECONDS = 300;

    /**
     * What an authorization request asked for, carried through the form as hidden fields; {@code then}
     * is {@link #ADD_PASSKEY} when the sign-in was asked for by the add-a-passkey page, which it returns
     * to instead of handing the app a code.
     */
    record Authorization(String clientId, String redirectUri, String state, String codeChallenge, String scope, String then,
                         String lang) {
        SignInTexts texts() {
            return SignInTexts.in(lang);
        }
    }

    /** The host the browser knows the local sign-in by (see above). */
    static final String HOST = "login.localhost";
    /** Managed login's page for adding a passkey, and where a sign-in it asked for returns. */
    static final String ADD_PASSKEY = "/passkeys/add";

    /** A code's grant: the tokens it is exchanged for, until when they are good, and until when the code is. */
    private record Grant(Authorization authorization, AuthenticationResultType tokens, Instant tokensExpireAt, Instant expiresAt) {}

    /** A sign-in's session: its client, its tokens (their auth_time is the sign-in's), and when it ends. */
    private record Session(String clientId, AuthenticationResultType tokens, Instant endsAt) {}

    /** Managed login's session cookie; the host is the web app's too, so it is HttpOnly and path-wide. */
    static final String SESSION_COOKIE = "cognito";
    /** The sign-in forms' CSRF cookie (managed login's name), whose value each form carries as {@code _csrf}. */
    static final String CSRF_COOKIE = "XSRF-TOKEN";
    /** The pool's key set as this sign-in serves it: moto's keys and its own client-credentials key. */
    static final String JWKS_PATH = "/.well-known/jwks.json";
    /** Signs the client-credentials grant's tokens (moto issues tokens only to people). */
    private final RSAKey serviceKey;

    /** Managed login's session lasts an hour. */
    private static final long SESSION_SECONDS = 3600;

    private final HttpServer server;
    private final LocalUserPool pool;
    private volatile CognitoAuthEventsStandIn authEvents;
    private final List<LocalUserPool.Created> demoUsers;
    private final String webOrigin;
    private final String url;
    private final String jwksUri;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, SecondStep> secondSteps = new ConcurrentHashMap<>();
    /** The portal's "sign out everywhere" times, which end this sign-in's sessions too. */
    private final SignOuts signOuts;
    /** moto's SNS, which keeps the texts this sign-in sends (Cognito's SMS_MFA). */
    private final SnsClient sns;
    /** Where a person at this machine reads those texts. */
    private final String textsAt;
    /** The forms post here, and their answer redirects to the app: both are form targets. */
    private final String pageCsp;
    /** The add-a-passkey page: its own script, which talks to this origin only. */
    private final String passkeyPageCsp;
    private final CognitoWebAuthn webAuthn;

    private LocalManagedLogin(HttpServer server, LocalUserPool pool, List<LocalUserPool.Created> demoUsers,
                              String webOrigin, String jwksUri, URI cognitoApi, URI moto) {
        this.server = server;
        this.signOuts = new DynamoSignOuts(motoClient(DynamoDbClient.builder(), moto), LocalPortal.TABLE);
        this.sns = motoClient(SnsClient.builder(), moto);
        this.textsAt = moto.resolve("/moto-api/data.json").toString();
        this.pool = pool;
        this.demoUsers = demoUsers;
        this.webOrigin = webOrigin;
        this.url = "http://" + HOST + ":" + server.getAddress().getPort();
        this.jwksUri = jwksUri;
        this.pageCsp = "default-src 'none'; style-src 'self'; form-action 'self' " + webOrigin
                + "; frame-ancestors 'none'; base-uri 'none'";
        this.passkeyPageCsp = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'"
                + "; frame-ancestors 'none'; base-uri 'none'";
        this.webAuthn = new CognitoWebAuthn(cognitoApi);
        try {
            this.serviceKey = new RSAKeyGenerator(2048).keyID("local-client-credentials").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param cognitoApi where this sign-in sends Cognito's WebAuthn requests, as managed login does
     *                   (the stand-in in front of moto)
     * @param moto       moto itself: its SNS keeps the texted codes, its table the portal's sign-out times
     */
    static LocalManagedLogin start(int port, LocalUserPool pool, List<LocalUserPool.Created> demoUsers,
                                   String webOrigin, String jwksUri, URI cognitoApi, URI moto) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 32);
        LocalManagedLogin login = new LocalManagedLogin(server, pool, demoUsers, webOrigin, jwksUri, cognitoApi, moto);
        server.createContext("/", login::serve);
        server.start();
        return login;
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C motoClient(B builder, URI moto) {
        return builder.httpClient(UrlConnectionHttpClient.create()).region(Region.of(Moto.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(Moto.ACCESS_KEY, Moto.SECRET_KEY)))
                .endpointOverride(moto).build();
    }

    /** The web app's issuer: discovery is at {@code <url>/.well-known/openid-configuration}. */
    String url() {
        return url;
    }

    /** The same server by its loopback address, for a Java client (which may not resolve {@link #HOST}). */
    String directUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String logoutUrl() {
        return url + "/logout";
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (method + " " + path) {
                case "GET " + JWKS_PATH -> json(exchange, 200, jwks());
                case "GET /.well-known/openid-configuration" -> {
                    cors(exchange);
                    json(exchange, 200, discovery());
                }
                case "GET /oauth2/authorize" -> authorize(exchange, query(exchange));
                case "POST /login" -> signIn(exchange, form(exchange));
                case "POST /login/mfa" -> secondStep(exchange, form(exchange));
                case "POST /oauth2/token" -> token(exchange, form(exchange));
                case "GET /oauth2/userInfo" -> userInfo(exchange);
                case "OPTIONS /oauth2/token" -> preflight(exchange);
                case "GET /logout" -> logout(exchange, query(exchange));
                case "GET " + ADD_PASSKEY -> addPasskeyPage(exchange, query(exchange));
                case "POST " + ADD_PASSKEY + "/options" -> passkeyOptions(exchange);
                case "POST " + ADD_PASSKEY + "/complete" -> passkeyComplete(exchange);
                case "GET /passkeys-add.js" -> send(exchange, 200, "text/javascript; charset=utf-8", Pages.ADD_PASSKEY_SCRIPT);
                case "GET /login.css" -> send(exchange, 200, "text/css; charset=utf-8", Pages.CSS);
                default -> send(exchange, 404, "text/plain; charset=utf-8", "Not found");
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            send(exchange, 500, "text/plain; charset=utf-8", "The local sign-in failed: see the terminal.");
        }
    }

    private String discovery() {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("issuer", url);
            g.writeStringField("authorization_endpoint", url + "/oauth2/authorize");
            g.writeStringField("token_endpoint", url + "/oauth2/token");
            g.writeStringField("userinfo_endpoint", url + "/oauth2/userInfo");
            g.writeStringField("jwks_uri", url + JWKS_PATH);
            g.writeArrayFieldStart("response_types_supported");
            g.writeString("code");
            g.writeEndArray();
            // OpenID Connect Prompt Create 1.0's metadata: the web app renews a session silently only where it may.
            g.writeArrayFieldStart("prompt_values_supported");
            g.writeString("none");
            g.writeString("login");
            g.writeEndArray();
            g.writeArrayFieldStart("code_challenge_methods_supported");
            g.writeString("S256");
            g.writeEndArray();
            g.writeArrayFieldStart("token_endpoint_auth_methods_supported");
            g.writeString("none");
            // The device-management service's confidential client (client credentials), as Cognito's token endpoint.
            g.writeString("client_secret_basic");
            g.writeEndArray();
            g.writeArrayFieldStart("scopes_supported");
            for (String scope : List.of("openid", "email", "profile", "aws.cognito.signin.user.admin")) {
                g.writeString(scope);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }


    /** The app's client, and a redirect URI registered for it: what Cognito checks before sending anything back. */
    private boolean registered(String clientId, String redirectUri) {
        return clientId.equals(pool.clientId()) && pool.callbackUrls().contains(redirectUri);
    }

    /** Checks the request as Cognito does; what cannot be sent back to the app is shown as a page. */
    private void authorize(HttpExchange exchange, Map<String, String> query) throws IOException {
        String clientId = query.getOrDefault("client_id", "");
        String redirectUri = query.getOrDefault("redirect_uri", "");
        SignInTexts texts = SignInTexts.in(SignInTexts.requested(query));
        if (!registered(clientId, redirectUri)) {
            page(exchange, 400, Pages.error(texts, texts.t("error.unregistered")));
            return;
        }
        // The language the app asks for (managed login's lang), kept with the sign-in to its last page.
        Authorization authorization = new Authorization(clientId, redirectUri, query.getOrDefault("state", ""),
                query.getOrDefault("code_challenge", ""), query.getOrDefault("scope", ""), "", texts.language());
        if (!"code".equals(query.get("response_type"))) {
            redirect(exchange, authorization, Map.of("error", "unsupported_response_type"));
            return;
        }
        if (authorization.codeChallenge().isEmpty() || !"S256".equals(query.get("code_challenge_method"))) {
            redirect(exchange, authorization, Map.of("error", "invalid_request"));
            return;
        }
        Session session = "login".equals(query.get("prompt")) ? null : session(exchange, clientId);
        if ("login".equals(query.get("prompt"))) {
            // A new sign-in even with a session: what step-up asks for.
            signInPage(exchange, authorization, null, null);
        } else if (session != null) {
            // The session's own tokens, so the sign-in time they carry stays the real one.
            issueCode(exchange, authorization, session.tokens(), session.endsAt(), false);
        } else if ("none".equals(query.get("prompt"))) {
            redirect(exchange, authorization, Map.of("error", "login_required"));
        } else {
            signInPage(exchange, authorization, null, null);
        }
    }

    /** The browser's session for this client, while it lasts. */
    private Session session(HttpExchange exchange, String clientId) {
        String id = cookie(exchange, SESSION_COOKIE);
        Session session = id == null ? null : sessions.get(id);
        if (session == null || !session.clientId().equals(clientId)) {
            return null;
        }
        if (!session.endsAt().isAfter(Instant.now()) || !stillValid(session)) {
            sessions.remove(id);
            return null;
        }
        return session;
    }

    /**
     * Signed out everywhere or deleted since: the session ends with its tokens. Managed login's sessions
     * end with Cognito's global sign-out, but moto's revokes nothing for the portal's call (it names the
     * person by their {@code sub}), so the portal's own record of the sign-out decides too: a session
     * whose tokens were issued before the person's not-before time is over.
     */
    private boolean stillValid(Session session) {
        try {
            pool.cognito().getUser(r -> r.accessToken(session.tokens().accessToken()));
        } catch (NotAuthorizedException | UserNotFoundException e) {
            return false;
        }
        JsonNode claims = claims(session.tokens().accessToken());
        Optional<Instant> notBefore = signOuts.notBefore(UserKey.of(pool.issuer(), claims.path("sub").asText()));
        return notBefore.isEmpty() || !Instant.ofEpochSecond(claims.path("iat").asLong()).isBefore(notBefore.get());
    }

    /** The claims of a token moto signed for this sign-in (already trusted: it came from moto itself). */
    private static JsonNode claims(String token) {
        try {
            return CognitoWebAuthn.MAPPER.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("moto's access token is not a JWT", e);
        }
    }

    private static String cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                String[] parts = pair.trim().split("=", 2);
                if (parts.length == 2 && parts[0].equals(name)) {
                    return parts[1];
                }
            }
        }
        return null;
    }

    /** Starts the session of a sign-in that just succeeded, replacing the browser's earlier one. */
    private void startSession(HttpExchange exchange, String clientId, AuthenticationResultType tokens) {
        endSession(exchange);
        long seconds = Math.min(SESSION_SECONDS, tokens.expiresIn() == null ? SESSION_SECONDS : tokens.expiresIn());
        String id = random();
        sessions.put(id, new Session(clientId, tokens, Instant.now().plusSeconds(seconds)));
        exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=" + id
                + "; Path=/; Max-Age=" + seconds + "; HttpOnly; SameSite=Lax");
    }

    private void endSession(HttpExchange exchange) {
        String id = cookie(exchange, SESSION_COOKIE);
        if (id != null) {
            sessions.remove(id);
        }
    }

    private void signIn(HttpExchange exchange, Map<String, String> form) throws IOException {
        if (forged(exchange, form)) {
            return;
        }
        Authorization authorization = Pages.authorization(form);
        if (!registered(authorization.clientId(), authorization.redirectUri())) {
            page(exchange, 400, Pages.error(authorization.texts(), authorization.texts().t("error.unregisteredForm")));
            return;
        }
        String username = form.getOrDefault("username", "").strip();
        InitiateAuthResponse response;
        try {
            String poolUsername = poolUsername(username);
            response = pool.cognito().initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", poolUsername, "PASSWORD", form.getOrDefault("password", ""))));
        } catch (NotAuthorizedException | UserNotFoundException e) {
            recordSignIn(exchange, username, false, CognitoAuthEventsStandIn.Step.password(false));
            // The same words for an unknown user and a wrong password, as Cognito's PreventUserExistenceErrors.
            // Like managed login: the page again (200), with the error said on it.
            signInPage(exchange, authorization, username, authorization.texts().t("signIn.incorrect"));
            return;
        }
        if (response.challengeName() == ChallengeNameType.SOFTWARE_TOKEN_MFA) {
            String step = pendingStep(new SecondStep(authorization, ChallengeNameType.SOFTWARE_TOKEN_MFA, username,
                    response.session(), null, null));
            secondStepPage(exchange, step, null);
        } else if (response.challengeName() == ChallengeNameType.SMS_MFA) {
            textCode(exchange, authorization, username, response.session());
        } else if (response.authenticationResult() != null) {
            recordSignIn(exchange, username, true, CognitoAuthEventsStandIn.Step.password(true));
            issueCode(exchange, authorization, response.authenticationResult(),
                    Instant.now().plusSeconds(response.authenticationResult().expiresIn()), true);
        } else {
            page(exchange, 400, Pages.error(authorization.texts(),
                    authorization.texts().t("error.unsupportedStep", "step", response.challengeNameAsString())));
        }
    }

    /**
     * Cognito's SMS_MFA step: Cognito texts a code to the verified number and checks it. moto does
     * neither (it accepts any code), so this sign-in does both: a 6-digit code from SecureRandom
     * through moto's SNS (recorded at {@code /moto-api/data.json}, as every text locally), good for
     * three minutes and once, checked here before moto is answered.
     */
    private void textCode(HttpExchange exchange, Authorization authorization, String username, String motoSession) throws IOException {
        String phone = pool.cognito().adminGetUser(r -> r.userPoolId(pool.poolId()).username(username)).userAttributes().stream()
                .filter(a -> a.name().equals("phone_number")).map(a -> a.value()).findFirst().orElse("");
        if (phone.isEmpty()) {
            page(exchange, 400, Pages.error(authorization.texts(), authorization.texts().t("error.noPhone")));
            return;
        }
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        sns.publish(r -> r.phoneNumber(phone).message(authorization.texts().t("text.message", "code", code)));
        String step = pendingStep(new SecondStep(authorization, ChallengeNameType.SMS_MFA, username, motoSession, code,
                phone.substring(Math.max(0, phone.length() - 2))));
        secondStepPage(exchange, step, null);
    }

    /**
     * The second step the sign-in itself started: which challenge, for whom, and (for a text) the code,
     * all kept here, so the form names only this step and cannot choose another challenge or person.
     */
    private record SecondStep(Authorization authorization, ChallengeNameType challenge, String username, String motoSession,
                              String textedCode, String phoneEnding, Instant expiresAt, int wrongCodes) {
        SecondStep(Authorization authorization, ChallengeNameType challenge, String username, String motoSession,
                   String textedCode, String phoneEnding) {
            this(authorization, challenge, username, motoSession, textedCode, phoneEnding,
                    Instant.now().plusSeconds(SECOND_STEP_SECONDS), 0);
        }

        SecondStep wrong() {
            return new SecondStep(authorization, challenge, username, motoSession, textedCode, phoneEnding, expiresAt, wrongCodes + 1);
        }
    }

    /** Cognito's session for a challenge lasts three minutes; a texted code as long. */
    private static final long SECOND_STEP_SECONDS = 180;
    /** After this many wrong codes the sign-in starts again (Cognito, too, stops taking codes). */
    private static final int MAX_WRONG_CODES = 5;

    private String pendingStep(SecondStep step) {
        Instant now = Instant.now();
        secondSteps.values().removeIf(pending -> !pending.expiresAt().isAfter(now));
        String id = random();
        secondSteps.put(id, step);
        return id;
    }

    private void secondStep(HttpExchange exchange, Map<String, String> form) throws IOException {
        if (forged(exchange, form)) {
            return;
        }
        String id = form.getOrDefault("step", "");
        SecondStep step = secondSteps.remove(id);
        if (step == null || !step.expiresAt().isAfter(Instant.now())) {
            Authorization authorization = step == null ? Pages.authorization(form) : step.authorization();
            signInPage(exchange, authorization, null, authorization.texts().t("secondStep.tooLong"));
            return;
        }
        String code = form.getOrDefault("code", "").strip();
        // A texted code is checked here (moto takes any); an app's code by moto, which knows the secret.
        boolean right = step.challenge() != ChallengeNameType.SMS_MFA
                || MessageDigest.isEqual(code.getBytes(StandardCharsets.UTF_8), step.textedCode().getBytes(StandardCharsets.UTF_8));
        RespondToAuthChallengeResponse response = null;
        try {
            if (right) {
                String poolUsername = poolUsername(step.username());
                response = pool.cognito().respondToAuthChallenge(r -> r.clientId(pool.clientId())
                        .challengeName(step.challenge()).session(step.motoSession())
                        .challengeResponses(Map.of("USERNAME", poolUsername, step.challenge() + "_CODE", code)));
            }
        } catch (CodeMismatchException e) {
            right = false;
        } catch (NotAuthorizedException | UserNotFoundException e) {
            signInPage(exchange, step.authorization(), step.username(), step.authorization().texts().t("secondStep.tooLong"));
            return;
        }
        if (!right) {
            recordSignIn(exchange, step.username(), false, CognitoAuthEventsStandIn.Step.password(true),
                    CognitoAuthEventsStandIn.Step.secondStep(false));
            SecondStep again = step.wrong();
            if (again.wrongCodes() >= MAX_WRONG_CODES) {
                signInPage(exchange, step.authorization(), step.username(), step.authorization().texts().t("secondStep.tooMany"));
                return;
            }
            secondSteps.put(id, again);
            secondStepPage(exchange, id, step.authorization().texts().t(step.challenge() == ChallengeNameType.SMS_MFA
                    ? "secondStep.wrongText" : "secondStep.wrongApp"));
            return;
        }
        recordSignIn(exchange, step.username(), true, CognitoAuthEventsStandIn.Step.password(true),
                CognitoAuthEventsStandIn.Step.secondStep(true));
        issueCode(exchange, step.authorization(), response.authenticationResult(),
                Instant.now().plusSeconds(response.authenticationResult().expiresIn()), true);
    }

    /**
     * Where this sign-in's sign-ins are recorded, as Cognito's threat protection records managed
     * login's (locally: the stand-in for AdminListUserAuthEvents); none until one is given.
     */
    void recordSignInsIn(CognitoAuthEventsStandIn standIn) {
        this.authEvents = standIn;
    }

    /** A sign-in as it ended, with the caller's address and browser. */
    private void recordSignIn(HttpExchange exchange, String username, boolean passed, CognitoAuthEventsStandIn.Step... steps) {
        CognitoAuthEventsStandIn recorder = authEvents;
        if (recorder != null && username != null && !username.isBlank()) {
            recorder.signedIn(pool.poolId(), username, passed, List.of(steps),
                    exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getRequestHeaders().getFirst("User-Agent"));
        }
    }

    private void secondStepPage(HttpExchange exchange, String id, String error) throws IOException {
        SecondStep step = secondSteps.get(id);
        String csrf = csrfToken(exchange);
        if (step.challenge() == ChallengeNameType.SMS_MFA) {
            page(exchange, 200, Pages.textedCode(step.authorization(), id, csrf, step.phoneEnding(), error, textsAt));
        } else {
            page(exchange, 200, Pages.secondStep(step.authorization(), id, csrf, error, totpHint(step.username())));
        }
    }

    private void signInPage(HttpExchange exchange, Authorization authorization, String username, String error) throws IOException {
        page(exchange, 200, Pages.signIn(authorization, csrfToken(exchange), demoUsers, username, error));
    }

    /**
     * The form's CSRF token: the browser's {@link #CSRF_COOKIE}, or a new one set now. A form posted
     * back must carry the same value as {@code _csrf}: a page of another site can make the browser post
     * a form here, but cannot read the cookie, so it cannot sign the browser in as someone else (login
     * CSRF), as managed login's {@code XSRF-TOKEN} prevents.
     */
    private static String csrfToken(HttpExchange exchange) {
        String token = cookie(exchange, CSRF_COOKIE);
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            token = random();
            exchange.getResponseHeaders().add("Set-Cookie", CSRF_COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Lax");
        }
        return token;
    }

    /**
     * Whether a sign-in form's post is refused (and answered 403): from a page of another origin (Origin,
     * Sec-Fetch-Site), or without the CSRF token of the browser it was shown in.
     */
    private boolean forged(HttpExchange exchange, Map<String, String> form) throws IOException {
        var headers = exchange.getRequestHeaders();
        // A browser sends "Origin: null" for this page's own form (its referrer policy is no-referrer);
        // Sec-Fetch-Site still says where the post came from.
        String origin = headers.getFirst("Origin");
        String site = headers.getFirst("Sec-Fetch-Site");
        boolean otherSite = (site != null && !site.equals("same-origin"))
                || (origin != null && !origin.equals("null") && !origin.equals(url) && !origin.equals(directUrl()));
        String cookie = cookie(exchange, CSRF_COOKIE);
        String sent = form.getOrDefault("_csrf", "");
        boolean tokenMatches = cookie != null && !sent.isEmpty()
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
        if (otherSite || !tokenMatches) {
            SignInTexts texts = SignInTexts.in(form.get("lang"));
            page(exchange, 403, Pages.error(texts, texts.t("error.forged")));
            return true;
        }
        return false;
    }

    /**
     * The pool's own user name for what the person typed (their email). Cognito's tokens name the user
     * by it, so a session outlives a change of the email; moto keys its tokens by the name InitiateAuth
     * was given, so the local sign-in gives it the pool's name, as managed login does internally (with
     * a typed address, moto's session would end when the address changed: {@code UserNotFoundException}).
     */
    private String poolUsername(String typed) {
        if (typed.isEmpty()) {
            throw UserNotFoundException.builder().message("no user name").build();
        }
        return pool.cognito().adminGetUser(r -> r.userPoolId(pool.poolId()).username(typed)).username();
    }

    /** For the demo only: the code the demo user's authenticator app would show (moto gives every user one fixed secret). */
    private String totpHint(String username) {
        return demoUsers.stream().filter(u -> u.user().email().equalsIgnoreCase(username))
                .flatMap(u -> u.authenticatorSecret().stream())
                .map(secret -> Totp.code(secret, Instant.now()))
                .findFirst().orElse(null);
    }

    private void issueCode(HttpExchange exchange, Authorization authorization, AuthenticationResultType tokens,
                           Instant tokensExpireAt, boolean signedIn) throws IOException {
        if (signedIn) {
            startSession(exchange, authorization.clientId(), tokens);
        }
        if (signedIn && ADD_PASSKEY.equals(authorization.then())) {
            // Signed in for the add-a-passkey page: back to it, now with a session; the app gets no code.
            exchange.getResponseHeaders().set("Location", addPasskeyPath(authorization.clientId(), authorization.redirectUri(), authorization.lang()));
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        String code = random();
        codes.put(code, new Grant(authorization, tokens, tokensExpireAt, Instant.now().plusSeconds(CODE_LIFETIME_SECONDS)));
        redirect(exchange, authorization, Map.of("code", code));
    }

    /** The authorization-code grant, with PKCE: the code once, for the same client and redirect URI. */
    private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
        cors(exchange);
        if ("client_credentials".equals(form.get("grant_type"))) {
            clientCredentials(exchange, form);
            return;
        }
        if (!"authorization_code".equals(form.get("grant_type"))) {
            json(exchange, 400, oauthError("unsupported_grant_type"));
            return;
        }
        Grant grant = codes.remove(form.getOrDefault("code", ""));
        if (grant == null || grant.expiresAt().isBefore(Instant.now())
                || !grant.authorization().clientId().equals(form.get("client_id"))
                || !grant.authorization().redirectUri().equals(form.get("redirect_uri"))
                || !grant.authorization().codeChallenge().equals(s256(form.getOrDefault("code_verifier", "")))) {
            json(exchange, 400, oauthError("invalid_grant"));
            return;
        }
        json(exchange, 200, Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("access_token", grant.tokens().accessToken());
            g.writeStringField("token_type", "Bearer");
            // What is left of the tokens' life: a session's are as old as its sign-in.
            g.writeNumberField("expires_in", Math.max(0, grant.tokensExpireAt().getEpochSecond() - Instant.now().getEpochSecond()));
            g.writeEndObject();
        }));
    }

    /**
     * Cognito's client-credentials grant, for the pool's confidential client (the device-management
     * service's) only: its id and secret by HTTP Basic (RFC 6749 2.3.1: each form-encoded), {@code scope}
     * a subset of the client's allowed scopes (none asked: all of them). The access token is Cognito's
     * form for a client: {@code sub} = {@code client_id}, {@code token_use} access, the scopes, no
     * username; signed by this sign-in's own key, which the pool's key set here ({@link #JWKS_PATH})
     * carries beside moto's. Any other client, the web app's public one among them, is
     * {@code invalid_client}.
     */
    private void clientCredentials(HttpExchange exchange, Map<String, String> form) throws IOException {
        var service = pool.deviceService();
        Optional<String[]> basic = basicCredentials(exchange);
        if (basic.isEmpty() || !constantTimeEquals(basic.get()[0], service.clientId())
                || !constantTimeEquals(basic.get()[1], service.clientSecret())) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"token\"");
            json(exchange, 401, oauthError("invalid_client"));
            return;
        }
        List<String> allowed = service.allowedOAuthScopes();
        List<String> asked = form.getOrDefault("scope", "").isBlank() ? allowed
                : List.of(form.get("scope").trim().split("\\s+"));
        if (!allowed.containsAll(asked)) {
            json(exchange, 400, oauthError("invalid_scope"));
            return;
        }
        Instant now = Instant.now();
        long lifetime = 3600;
        String token;
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(pool.issuer()).subject(service.clientId())
                    .claim("token_use", "access").claim("scope", String.join(" ", asked))
                    .claim("auth_time", now.getEpochSecond()).claim("client_id", service.clientId()).claim("version", 2)
                    .issueTime(java.util.Date.from(now)).expirationTime(java.util.Date.from(now.plusSeconds(lifetime)))
                    .jwtID(java.util.UUID.randomUUID().toString()).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(com.nimbusds.jose.JOSEObjectType.JWT)
                    .keyID(serviceKey.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(serviceKey));
            token = jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        json(exchange, 200, Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("access_token", token);
            g.writeStringField("token_type", "Bearer");
            g.writeNumberField("expires_in", lifetime);
            g.writeEndObject();
        }));
    }

    private static Optional<String[]> basicCredentials(HttpExchange exchange) {
        String header = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return Optional.of(new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean constantTimeEquals(String given, String expected) {
        return expected != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** The pool's key set as the functions read it locally: moto's keys, and this sign-in's client-credentials key. */
    private String jwks() throws IOException {
        HttpResponse<String> moto;
        try {
            moto = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(jwksUri)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<JWK> keys = new java.util.ArrayList<>(JWKSet.parse(moto.body()).getKeys());
            keys.add(serviceKey.toPublicJWK());
            return new JWKSet(keys).toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (java.text.ParseException e) {
            throw new IOException("moto's key set is not JSON Web Keys", e);
        }
    }

    /**
     * Cognito's OpenID UserInfo endpoint: the user the bearer access token names (moto's GetUser with
     * it), as standard claims; a token moto refuses is 401 with {@code invalid_token}, as RFC 6750 says.
     */
    private void userInfo(HttpExchange exchange) throws IOException {
        String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            json(exchange, 401, oauthError("invalid_request"));
            return;
        }
        GetUserResponse user;
        try {
            user = pool.cognito().getUser(r -> r.accessToken(authorization.substring(7).strip()));
        } catch (NotAuthorizedException | UserNotFoundException e) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            json(exchange, 401, oauthError("invalid_token"));
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        user.userAttributes().forEach(a -> attributes.put(a.name(), a.value()));
        json(exchange, 200, Json.write(g -> {
            g.writeStartObject();
            // Like Cognito: every attribute the token's scopes allow, verified flags as the strings it keeps.
            for (String claim : List.of("sub", "name", "email", "email_verified", "phone_number", "phone_number_verified", "locale")) {
                if (attributes.containsKey(claim)) {
                    g.writeStringField(claim, attributes.get(claim));
                }
            }
            g.writeStringField("username", user.username());
            g.writeEndObject();
        }));
    }

    private void preflight(HttpExchange exchange) throws IOException {
        cors(exchange);
        exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST");
        exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "content-type");
        exchange.sendResponseHeaders(204, -1);
    }

    private void cors(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (webOrigin.equals(origin)) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", webOrigin);
            exchange.getResponseHeaders().set("Vary", "Origin");
        }
    }

    // --- managed login's /passkeys/add ----------------------------------------------------------

    private static String addPasskeyPath(String clientId, String redirectUri, String lang) {
        return ADD_PASSKEY + "?client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
                + "&lang=" + URLEncoder.encode(lang, StandardCharsets.UTF_8);
    }

    /**
     * Managed login's page for adding a passkey: {@code client_id} and a registered {@code redirect_uri}
     * (anything else is shown as a page, never sent back). Without a session the sign-in form comes
     * first, and returns here; with one, the page offers the ceremony and a way back.
     */
    private void addPasskeyPage(HttpExchange exchange, Map<String, String> query) throws IOException {
        String clientId = query.getOrDefault("client_id", "");
        String redirectUri = query.getOrDefault("redirect_uri", "");
        SignInTexts texts = SignInTexts.in(SignInTexts.requested(query));
        if (!registered(clientId, redirectUri)) {
            page(exchange, 400, Pages.error(texts, texts.t("error.unregistered")));
            return;
        }
        if (session(exchange, clientId) == null) {
            signInPage(exchange, new Authorization(clientId, redirectUri, "", "", "", ADD_PASSKEY, texts.language()), null, null);
            return;
        }
        page(exchange, 200, Pages.addPasskey(texts, redirectUri), passkeyPageCsp);
    }

    /** The page's script asks for the options: StartWebAuthnRegistration with the session's access token. */
    private void passkeyOptions(HttpExchange exchange) throws IOException {
        Session session = passkeyCaller(exchange);
        if (session == null) {
            return;
        }
        try {
            JsonNode started = webAuthn.call("StartWebAuthnRegistration", Map.of("AccessToken", session.tokens().accessToken()));
            json(exchange, 200, Json.write(g -> {
                g.writeStartObject();
                g.writeFieldName("publicKey");
                g.writeRawValue(started.path("CredentialCreationOptions").toString());
                g.writeEndObject();
            }));
        } catch (CognitoWebAuthn.Refused e) {
            json(exchange, 400, message("The passkey cannot be added: " + e.getMessage()));
        }
    }

    /** The browser's registration response, to CompleteWebAuthnRegistration, which verifies and keeps it. */
    private void passkeyComplete(HttpExchange exchange) throws IOException {
        Session session = passkeyCaller(exchange);
        if (session == null) {
            return;
        }
        JsonNode body;
        try {
            body = CognitoWebAuthn.MAPPER.readTree(exchange.getRequestBody().readNBytes(64 * 1024));
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.path("credential").isObject()) {
            json(exchange, 400, message("The browser's answer is not a registration response."));
            return;
        }
        try {
            webAuthn.call("CompleteWebAuthnRegistration", Map.of("AccessToken", session.tokens().accessToken(),
                    "Credential", body.get("credential")));
            exchange.sendResponseHeaders(204, -1);
        } catch (CognitoWebAuthn.Refused e) {
            json(exchange, 400, message("The passkey was not added: " + e.getMessage()));
        }
    }

    /**
     * The session behind a request of the add-a-passkey page's script, or null (answered): only this
     * origin's own script, sending JSON (which no form of another site can), with a session.
     */
    private Session passkeyCaller(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!url.equals(exchange.getRequestHeaders().getFirst("Origin"))
                || type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            json(exchange, 403, message("Only this sign-in's own page may do that."));
            return null;
        }
        Session session = session(exchange, pool.clientId());
        if (session == null) {
            json(exchange, 401, message("Your sign-in has ended. Go back and sign in again."));
        }
        return session;
    }

    private static String message(String text) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("message", text);
            g.writeEndObject();
        });
    }

    /** Cognito's WebAuthn operations, called as managed login calls them: JSON, authorized by the access token. */
    private static final class CognitoWebAuthn {
        static final ObjectMapper MAPPER = new ObjectMapper();
        private final URI endpoint;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        CognitoWebAuthn(URI endpoint) {
            this.endpoint = endpoint;
        }

        /** Cognito's refusal, in its own words. */
        static final class Refused extends Exception {
            Refused(String message) {
                super(message);
            }
        }

        JsonNode call(String operation, Map<String, Object> request) throws IOException, Refused {
            HttpRequest call = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(request))).build();
            HttpResponse<byte[]> response;
            try {
                response = http.send(call, HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            JsonNode answer = response.body().length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                throw new Refused(answer.path("message").asText(answer.path("__type").asText("unknown error")));
            }
            return answer;
        }
    }

    /** Cognito's logout: {@code client_id} and a registered {@code logout_uri}. */
    private void logout(HttpExchange exchange, Map<String, String> query) throws IOException {
        String logoutUri = query.getOrDefault("logout_uri", "");
        if (!pool.clientId().equals(query.get("client_id")) || !pool.logoutUrls().contains(logoutUri)) {
            SignInTexts texts = SignInTexts.in(SignInTexts.requested(query));
            page(exchange, 400, Pages.error(texts, texts.t("error.unregisteredLogout")));
            return;
        }
        endSession(exchange);
        exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        exchange.getResponseHeaders().set("Location", logoutUri);
        exchange.sendResponseHeaders(302, -1);
    }

    private static String oauthError(String error) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("error", error);
            g.writeEndObject();
        });
    }

    private static void redirect(HttpExchange exchange, Authorization authorization, Map<String, String> parameters) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        if (!authorization.state().isEmpty()) {
            all.put("state", authorization.state());
        }
        StringBuilder location = new StringBuilder(authorization.redirectUri());
        char separator = authorization.redirectUri().contains("?") ? '&' : '?';
        for (var parameter : all.entrySet()) {
            location.append(separator).append(parameter.getKey()).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    private void page(HttpExchange exchange, int status, String html) throws IOException {
        page(exchange, status, html, pageCsp);
    }

    private void page(HttpExchange exchange, int status, String html, String csp) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy", csp);
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, "text/html; charset=utf-8", html);
    }

    private static void json(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, "application/json", json);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        return decode(exchange.getRequestURI().getRawQuery());
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        return decode(new String(exchange.getRequestBody().readNBytes(16 * 1024), StandardCharsets.UTF_8));
    }

    static Map<String, String> decode(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(name, value);
        }
        return values;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        sns.close();
    }
}
