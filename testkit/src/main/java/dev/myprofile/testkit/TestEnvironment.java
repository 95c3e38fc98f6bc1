package dev.myprofile.testkit;

import dev.myprofile.shared.auth.DynamoSignOuts;
import dev.myprofile.shared.auth.SignOuts;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.platform.Platform;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * One test class's world: moto with a fresh table from template.yaml, a token issuer with a real
 * JWKS URL, and the configuration a deployed function would have for them.
 */
public final class TestEnvironment implements AutoCloseable {
    public static final String WEB_ORIGIN = "https://myprofile.test";

    private final Moto moto;
    private final TestIssuer issuer;
    private final String table;

    private TestEnvironment(Moto moto, TestIssuer issuer, String table) {
        this.moto = moto;
        this.issuer = issuer;
        this.table = table;
    }

    public static TestEnvironment create() {
        Moto moto = Moto.shared();
        return new TestEnvironment(moto, TestIssuer.start(), moto.newTable());
    }

    public Moto moto() { return moto; }
    public TestIssuer issuer() { return issuer; }
    public String table() { return table; }

    public Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(issuer.settings());
        settings.put("AWS_REGION", Moto.REGION);
        settings.put("AWS_ACCESS_KEY_ID", Moto.ACCESS_KEY);
        settings.put("AWS_SECRET_ACCESS_KEY", Moto.SECRET_KEY);
        settings.put("DYNAMODB_ENDPOINT", moto.endpoint().toString());
        settings.put("TABLE_NAME", table);
        settings.put("WEB_ORIGIN", WEB_ORIGIN);
        return settings;
    }

    /** What an event-driven function stands on: configuration, clock, DynamoDB client, table. */
    public Platform platform() {
        return platform(Map.of(), Clock.systemUTC());
    }

    /** The platform with some settings changed, and a clock of the test's choosing. */
    public Platform platform(Map<String, String> overrides, Clock clock) {
        Map<String, String> settings = new HashMap<>(settings());
        settings.putAll(overrides);
        return Platform.create(new Config(settings), clock);
    }

    /** What an API function's pipeline needs, on a fresh platform (so a fresh sign-out cache). */
    public Api api() {
        return api(Map.of(), Clock.systemUTC());
    }

    public Api api(Map<String, String> overrides, Clock clock) {
        return Api.create(platform(overrides, clock));
    }

    /** The pipeline on a DynamoDB client of the test's making (a {@link FaultyDynamoDb}, say). */
    public Api api(DynamoDbClient dynamo) {
        return api(Map.of(), dynamo);
    }

    public Api api(Map<String, String> overrides, DynamoDbClient dynamo) {
        Map<String, String> settings = new HashMap<>(settings());
        settings.putAll(overrides);
        return Api.create(Platform.create(new Config(settings), Clock.systemUTC(), dynamo));
    }

    /** "Sign out everywhere" on this environment's table, for a test to revoke a user's tokens. */
    public SignOuts signOuts() {
        return new DynamoSignOuts(moto.dynamo(), table);
    }

    @Override
    public void close() {
        issuer.close();
    }
}
