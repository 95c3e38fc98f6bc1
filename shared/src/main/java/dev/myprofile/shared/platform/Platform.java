package dev.myprofile.shared.platform;

import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.dynamodb.DynamoClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * What every function of this project stands on, built once per container: its configuration, the
 * clock, the one DynamoDB client and the table. Plumbing only: it grows no field per page. A
 * function builds its own stores from it, in its no-argument constructor.
 */
public final class Platform {
    private static volatile Platform environment;

    private final Config config;
    private final Clock clock;
    private final DynamoDbClient dynamo;
    private final String table;

    private Platform(Config config, Clock clock, DynamoDbClient dynamo) {
        this.config = config;
        this.clock = clock;
        this.dynamo = dynamo;
        this.table = config.require("TABLE_NAME");
    }

    /** The container's platform, from the process environment (what Lambda gives a function). */
    public static Platform fromEnvironment() {
        Platform platform = environment;
        if (platform == null) {
            synchronized (Platform.class) {
                if (environment == null) {
                    environment = create(Config.fromEnvironment(), Clock.systemUTC());
                }
                platform = environment;
            }
        }
        return platform;
    }

    public static Platform create(Config config, Clock clock) {
        return create(config, clock, DynamoClients.create(config));
    }

    /** With a DynamoDB client of the caller's making (a benchmark's in-memory one, say). */
    public static Platform create(Config config, Clock clock, DynamoDbClient dynamo) {
        return new Platform(config, clock, dynamo);
    }

    public Config config() { return config; }
    public Clock clock() { return clock; }
    public DynamoDbClient dynamo() { return dynamo; }
    public String table() { return table; }
}
