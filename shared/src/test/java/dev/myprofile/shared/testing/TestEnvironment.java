package dev.myprofile.shared.testing;

import dev.myprofile.shared.Services;
import dev.myprofile.shared.config.Config;

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

    public Services services() {
        return services(Map.of(), Clock.systemUTC());
    }

    /** Services with some settings changed, and a clock of the test's choosing. */
    public Services services(Map<String, String> overrides, Clock clock) {
        Map<String, String> settings = new HashMap<>(settings());
        settings.putAll(overrides);
        return Services.create(new Config(settings), clock);
    }

    @Override
    public void close() {
        issuer.close();
    }
}
