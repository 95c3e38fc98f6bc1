package dev.myprofile.shared.http;

import dev.myprofile.shared.auth.DynamoSignOuts;
import dev.myprofile.shared.auth.JwksCache;
import dev.myprofile.shared.auth.MultiFactorPolicy;
import dev.myprofile.shared.auth.OpenIdDiscovery;
import dev.myprofile.shared.auth.SignOutCheck;
import dev.myprofile.shared.auth.StepUp;
import dev.myprofile.shared.auth.TokenSettings;
import dev.myprofile.shared.auth.TokenValidator;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.config.SecureUrls;
import dev.myprofile.shared.dynamodb.RateLimits;
import dev.myprofile.shared.platform.Platform;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What the request pipeline of an API function needs, built once per container on the
 * {@link Platform}: the token validator with its key cache, the sign-out-everywhere check, step-up's
 * settings, the per-user rate limits (every change counts against {@code WRITES_PER_USER_PER_MINUTE})
 * and the web origin CORS allows, and the {@link Priming} SnapStart runs before its snapshot.
 * Event-driven functions never build one, so they never fetch keys.
 */
public final class Api {
    private static volatile Api environment;

    private final Platform platform;
    private final TokenValidator tokens;
    private final SignOutCheck signOuts;
    private final StepUp stepUp;
    private final Optional<String> webOrigin;
    private final RateLimits rateLimits;
    private final RateLimits.Limit writes;
    private final JwksCache keys;
    private final Priming priming;

    private Api(Platform platform, TokenSettings settings, JwksCache keys, TokenValidator tokens) {
        Config config = platform.config();
        this.platform = platform;
        this.keys = keys;
        this.tokens = tokens;
        this.signOuts = new SignOutCheck(new DynamoSignOuts(platform.dynamo(), platform.table()),
                config.seconds("SIGN_OUT_CACHE_SECONDS", SignOutCheck.MAX_STALENESS.toSeconds()), platform.clock());
        this.stepUp = new StepUp(config.seconds("STEP_UP_MAX_AGE_SECONDS", 600), platform.clock(),
                MultiFactorPolicy.forTokens(settings));
        this.webOrigin = config.get("WEB_ORIGIN").map(origin -> SecureUrls.requireOrigin("WEB_ORIGIN", origin));
        this.rateLimits = new RateLimits(platform.dynamo(), platform.table());
        this.writes = new RateLimits.Limit("writes", (int) config.number("WRITES_PER_USER_PER_MINUTE", 30, 1),
                Duration.ofMinutes(1));
        this.priming = new Priming(this);
    }

    /** The container's API plumbing, from the process environment. */
    public static Api fromEnvironment() {
        Api api = environment;
        if (api == null) {
            synchronized (Api.class) {
                if (environment == null) {
                    environment = create(Platform.fromEnvironment());
                    // SnapStart: prime before the snapshot, reset after each restore. The global context
                    // may hold its resources weakly; this Api (static, for the container) holds it.
                    environment.priming.register();
                }
                api = environment;
            }
        }
        return api;
    }

    public static Api create(Platform platform) {
        TokenSettings settings = TokenSettings.from(platform.config());
        URL jwks = toUrl(settings.jwksUri().orElseGet(() -> OpenIdDiscovery.jwksUri(settings.issuer())));
        var keys = new JwksCache(jwks, platform.clock(), settings.jwksMinRefreshInterval(), settings.jwksCacheTtl());
        return new Api(platform, settings, keys, new TokenValidator(settings, keys, platform.clock()));
    }

    private static URL toUrl(URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new Config.ConfigException("Not a URL: " + uri);
        }
    }

    public Platform platform() { return platform; }
    public Clock clock() { return platform.clock(); }
    public TokenValidator tokens() { return tokens; }
    public SignOutCheck signOuts() { return signOuts; }
    public StepUp stepUp() { return stepUp; }
    public Optional<String> webOrigin() { return webOrigin; }
    public RateLimits rateLimits() { return rateLimits; }
    /** How many changes (requests other than GET and HEAD) one user may make per minute, all routes together. */
    public RateLimits.Limit writeLimit() { return writes; }
    /** The signing keys' cache (priming fetches them before the snapshot). */
    public JwksCache keys() { return keys; }
    /** This container's SnapStart hooks: registered with the runtime for {@link #fromEnvironment()} only. */
    public Priming priming() { return priming; }
}
