package dev.myprofile.bench;

import dev.myprofile.organizations.model.Organization;
import dev.myprofile.testkit.TestIssuer;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The one user and organization both benchmarks serve, and tokens for that user. */
final class Fixture {
    static final String SUBJECT = "bench-user";
    /** TestIssuer's tokens name this organization in their {@code tid} claim. */
    static final Organization ORGANIZATION = new Organization("contoso", "Contoso", Optional.of("contoso.example"),
            Optional.of("https://contoso.example/privacy"), Optional.of("privacy@contoso.example"),
            Optional.of("https://contoso.example/terms"));

    private Fixture() {}

    /** An RS256 access token; valid for {@code lifetime}, so a long series cannot outlive it. */
    static String token(TestIssuer issuer, Duration lifetime) {
        return issuer.token(SUBJECT).claim("exp", Instant.now().plus(lifetime)).sign();
    }
}
