package dev.myprofile.local;

import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.dynamodb.DeviceItems;
import dev.myprofile.organizations.entrypoints.OrganizationAdminHandler;
import dev.myprofile.organizations.model.Organization;
import dev.myprofile.profile.model.Profile;
import dev.myprofile.profile.store.ProfileStore;
import dev.myprofile.profile.store.dynamodb.DynamoProfileStore;
import dev.myprofile.securityinfo.model.MethodType;
import dev.myprofile.securityinfo.store.MethodStore;
import dev.myprofile.securityinfo.store.dynamodb.MethodItems;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.platform.Platform;
import dev.myprofile.testkit.TestContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Demo data, so every page has something to show: the organization directory and Ada's two guest
 * memberships (an administrator's job, done here the administrators' way: events to
 * {@code OrganizationAdminFunction}), and the demo user Ada with a home organization and several
 * devices, some inactive for months. Written idempotently: running it again leaves one copy.
 */
final class DemoData {
    /** Ada's subject at the development provider; at Cognito her subject is the pool's id for her. */
    static final String DEMO_USER = "ada";
    static final String ADA_EMAIL = "ada@contoso.example";

    static final List<Organization> ORGANIZATIONS = List.of(
            new Organization("contoso", "Contoso", Optional.of("contoso.example"),
                    Optional.of("https://contoso.example/privacy"), Optional.of("privacy@contoso.example"),
                    Optional.of("https://contoso.example/terms")),
            new Organization("fabrikam", "Fabrikam", Optional.of("fabrikam.example"),
                    Optional.of("https://fabrikam.example/privacy"), Optional.of("dpo@fabrikam.example"),
                    Optional.empty()),
            new Organization("northwind", "Northwind Traders", Optional.of("northwind.example"),
                    Optional.of("https://northwind.example/legal/privacy"), Optional.empty(),
                    Optional.of("https://northwind.example/legal/terms")));

    private record DemoDevice(String id, String name, String os, String osVersion, Device.TrustType trustType,
                              Duration registeredAgo, Duration lastActiveAgo, Optional<Duration> disabledAgo) {}

    private static final Device.TrustType JOINED = Device.TrustType.JOINED;
    private static final Device.TrustType REGISTERED = Device.TrustType.REGISTERED;

    /** Two stale (the cleanup disables them), one disabled for 45 days (the cleanup deletes it). */
    private static final List<DemoDevice> DEVICES = List.of(
            new DemoDevice("d-laptop", "ADA-LAPTOP", "Windows", "11 24H2", JOINED, days(400), Duration.ofMinutes(5), Optional.empty()),
            new DemoDevice("d-phone", "Ada's phone", "iOS", "18.1", REGISTERED, days(200), Duration.ofHours(3), Optional.empty()),
            new DemoDevice("d-tablet", "Kitchen tablet", "Android", "14", REGISTERED, days(300), days(40), Optional.empty()),
            new DemoDevice("d-old-laptop", "OLD-THINKPAD", "Windows", "10 22H2", JOINED, days(900), days(120), Optional.empty()),
            new DemoDevice("d-lost-phone", "Lost phone", "Android", "12", REGISTERED, days(700), days(210), Optional.empty()),
            new DemoDevice("d-work-phone", "Old work phone", "iOS", "16.7", REGISTERED, days(1000), days(60), Optional.of(days(45))));

    private static Duration days(long days) {
        return Duration.ofDays(days);
    }

    /** Ada's guest memberships (Contoso, the home organization, needs none). */
    static final List<String> GUEST_OF = List.of("fabrikam", "northwind");

    private DemoData() {}

    private static void administer(OrganizationAdminHandler admin, Map<String, Object> event) {
        Map<String, Object> answer = admin.handleRequest(event, new TestContext("OrganizationAdminFunction", 60_000));
        if ("REJECTED".equals(answer.get("result"))) {
            throw new IllegalStateException("demo data: " + answer.get("reason"));
        }
    }

    /** The Security info page's item for each demo user the pool already has an authenticator app for. */
    static void seedAuthenticatorApps(Platform platform, List<UserKey> users) {
        Instant now = platform.clock().instant();
        for (UserKey user : users) {
            platform.dynamo().putItem(r -> r.tableName(platform.table()).item(MethodItems.item(user,
                    new MethodStore.StoredMethod(MethodType.AUTHENTICATOR_APP, "Authenticator app", now))));
        }
    }

    static void seed(Platform platform, LocalSignIn.Identity identity) {
        UserKey ada = UserKey.of(identity.issuer(), identity.subject());
        DynamoDbClient dynamo = platform.dynamo();
        String table = platform.table();
        Instant now = platform.clock().instant();
        OrganizationAdminHandler admin = new OrganizationAdminHandler(platform);
        for (Organization organization : ORGANIZATIONS) {
            Map<String, Object> entry = new HashMap<>();
            entry.put("id", organization.id());
            entry.put("name", organization.name());
            organization.domain().ifPresent(v -> entry.put("domain", v));
            organization.privacyStatementUrl().ifPresent(v -> entry.put("privacyStatementUrl", v));
            organization.privacyContact().ifPresent(v -> entry.put("privacyContact", v));
            organization.termsOfUseUrl().ifPresent(v -> entry.put("termsOfUseUrl", v));
            administer(admin, Map.of("action", "put-organization", "organization", entry));
        }
        ProfileStore profiles = new DynamoProfileStore(dynamo, table);
        profiles.createIfAbsent(ada, new Profile("Ada Lovelace", Optional.of(ADA_EMAIL),
                Optional.of("+46701234567"), Optional.of("Research Engineer"), Optional.of("en-GB"),
                Optional.of("contoso"), 1, now, now), now);
        for (String guest : GUEST_OF) {
            administer(admin, Map.of("action", "add-guest", "issuer", identity.issuer(), "subject", identity.subject(),
                    "organizationId", guest, "joinedAt", now.minus(Duration.ofDays(guest.length() * 30L)).toString()));
        }
        for (DemoDevice device : DEVICES) {
            Instant lastActive = now.minus(device.lastActiveAgo());
            Optional<Instant> disabledAt = device.disabledAgo().map(now::minus);
            Device seeded = new Device(device.id(), device.name(), device.os(), device.osVersion(), device.trustType(),
                    now.minus(device.registeredAgo()), lastActive, disabledAt.isEmpty(), disabledAt,
                    disabledAt.map(t -> Device.DisabledBy.USER), 1);
            try {
                dynamo.putItem(r -> r.tableName(table).item(DeviceItems.item(ada, seeded, false))
                        .conditionExpression("attribute_not_exists(pk)"));
            } catch (ConditionalCheckFailedException alreadySeeded) {
                // A device seeded before keeps its state (it may have been renamed or disabled since).
            }
        }
    }
}
