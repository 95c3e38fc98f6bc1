package dev.myprofile.shared;

import dev.myprofile.shared.auth.JwksCache;
import dev.myprofile.shared.auth.StepUp;
import dev.myprofile.shared.auth.TokenSettings;
import dev.myprofile.shared.auth.TokenValidator;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.domain.ActivityLog;
import dev.myprofile.shared.domain.DeviceStore;
import dev.myprofile.shared.domain.ProfileStore;
import dev.myprofile.shared.store.DynamoClients;
import dev.myprofile.shared.store.dynamodb.DynamoActivityLog;
import dev.myprofile.shared.store.dynamodb.DynamoDeviceStore;
import dev.myprofile.shared.store.dynamodb.DynamoProfileStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.util.Optional;

/**
 * Everything a handler needs, built once per container: configuration, the clock, the token
 * validator with its key cache, the DynamoDB client and the stores. A handler's no-argument
 * constructor (the one Lambda calls) takes {@link #fromEnvironment()}; tests and the local runtime
 * build their own with {@link #create(Config, Clock)}.
 */
public final class Services {
    private static volatile Services environment;

    private final Config config;
    private final Clock clock;
    private final Optional<TokenValidator> tokens;
    private final StepUp stepUp;
    private final DynamoDbClient dynamo;
    private final ProfileStore profiles;
    private final DeviceStore devices;
    private final ActivityLog activity;
    private final Optional<String> webOrigin;

    private Services(Config config, Clock clock, Optional<TokenValidator> tokens, DynamoDbClient dynamo) {
        this.config = config;
        this.clock = clock;
        this.tokens = tokens;
        this.stepUp = new StepUp(config.seconds("STEP_UP_MAX_AGE_SECONDS", 600), clock);
        this.dynamo = dynamo;
        this.profiles = new DynamoProfileStore(dynamo, config.require("TABLE_NAME"));
        this.devices = new DynamoDeviceStore(dynamo, config.require("TABLE_NAME"));
        this.activity = new DynamoActivityLog(dynamo, config.require("TABLE_NAME"));
        this.webOrigin = config.get("WEB_ORIGIN");
    }

    public static Services fromEnvironment() {
        return fromEnvironment(false);
    }

    /** The container's services for an event-driven function: no token validation. */
    public static Services eventsFromEnvironment() {
        return fromEnvironment(true);
    }

    private static Services fromEnvironment(boolean events) {
        Services services = environment;
        if (services == null) {
            synchronized (Services.class) {
                if (environment == null) {
                    environment = events ? forEvents(Config.fromEnvironment(), Clock.systemUTC())
                            : create(Config.fromEnvironment(), Clock.systemUTC());
                }
                services = environment;
            }
        }
        return services;
    }

    public static Services create(Config config, Clock clock) {
        return create(config, clock, DynamoClients.create(config));
    }

    /** With a DynamoDB client of the caller's making (a benchmark's in-memory one, say). */
    public static Services create(Config config, Clock clock, DynamoDbClient dynamo) {
        TokenSettings settings = TokenSettings.from(config);
        URL jwks = toUrl(settings.jwksUri().orElseGet(() -> discoverJwksUri(settings.issuer())));
        var keys = new JwksCache(jwks, clock, settings.jwksMinRefreshInterval(), settings.jwksCacheTtl());
        return new Services(config, clock, Optional.of(new TokenValidator(settings, keys, clock)), dynamo);
    }

    /**
     * For functions no person calls (scheduled and event-driven ones): the stores without token
     * validation, so they never fetch keys they do not need.
     */
    public static Services forEvents(Config config, Clock clock, DynamoDbClient dynamo) {
        return new Services(config, clock, Optional.empty(), dynamo);
    }

    public static Services forEvents(Config config, Clock clock) {
        return forEvents(config, clock, DynamoClients.create(config));
    }

    /** OpenID Connect discovery, once per container, when no JWKS URI is configured. */
    private static URI discoverJwksUri(String issuer) {
        URI discovery = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        try (InputStream in = toUrl(discovery).openStream();
             var parser = dev.myprofile.shared.json.Json.FACTORY.createParser(in)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME
                        && "jwks_uri".equals(parser.currentName()) && parser.getParsingContext().getParent().inRoot()) {
                    parser.nextToken();
                    return URI.create(parser.getText());
                }
            }
        } catch (IOException e) {
            throw new Config.ConfigException("OpenID discovery at " + discovery + " failed: " + e.getMessage());
        }
        throw new Config.ConfigException("OpenID discovery at " + discovery + " has no jwks_uri");
    }

    private static URL toUrl(URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new Config.ConfigException("Not a URL: " + uri);
        }
    }

    public Config config() { return config; }
    public Clock clock() { return clock; }
    public TokenValidator tokens() {
        return tokens.orElseThrow(() -> new IllegalStateException("these services validate no tokens"));
    }
    public StepUp stepUp() { return stepUp; }
    public DynamoDbClient dynamo() { return dynamo; }
    public ProfileStore profiles() { return profiles; }
    public DeviceStore devices() { return devices; }
    public ActivityLog activity() { return activity; }
    public Optional<String> webOrigin() { return webOrigin; }
}
