package dev.myprofile.local;

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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * devices, some inactive for months, which come through device registration as in a deployment
 * ({@link #registerDevices}). Written idempotently: running it again leaves one copy.
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

    private record DemoDevice(String id, String name, String os, String osVersion, String trustType,
                              Duration registeredAgo, Duration lastActiveAgo, boolean disabledByAda) {}

    /**
     * Two stale (the cleanup disables them), one Ada disabled (the cleanup deletes it 30 days after).
     * Enrolled long before the portal knew of them: the device-management service imports them with
     * the time each was registered and reports each one's last sign-in.
     */
    private static final List<DemoDevice> DEVICES = List.of(
            new DemoDevice("d-laptop", "ADA-LAPTOP", "Windows", "11 24H2", "joined", days(400), Duration.ofMinutes(5), false),
            new DemoDevice("d-phone", "Ada's phone", "iOS", "18.1", "registered", days(200), Duration.ofHours(3), false),
            new DemoDevice("d-tablet", "Kitchen tablet", "Android", "14", "registered", days(300), days(40), false),
            new DemoDevice("d-old-laptop", "OLD-THINKPAD", "Windows", "10 22H2", "joined", days(900), days(120), false),
            new DemoDevice("d-lost-phone", "Lost phone", "Android", "12", "registered", days(700), days(210), false),
            new DemoDevice("d-work-phone", "Old work phone", "iOS", "16.7", "registered", days(1000), days(60), true));

    /** The demo devices' ids, in the order they are registered. */
    static final List<String> DEVICE_IDS = DEVICES.stream().map(DemoDevice::id).toList();

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
    }

    /**
     * Ada's devices, the way a real deployment gets them: the organization's device-management service
     * (its own token from the local sign-in) registers each through the API with the time it was
     * enrolled and reports its last sign-in; Ada herself (her token from the local sign-in) disables the
     * one she no longer has, through the Devices page's route. Each step is what the API and the
     * recorder wrote, activity entries included. Only a device registered new here gets its history:
     * run again on the same table, the service's registrations only refresh what it reports, so a
     * rename or a disable since is kept and one copy stays.
     */
    static void registerDevices(LocalSignIn identity, URI api, Instant now) throws IOException {
        DeviceRegistrationClient service = identity.deviceService(api);
        String ada = identity.demoIdentity().subject();
        for (DemoDevice device : DEVICES) {
            DeviceRegistrationClient.Answer answer = service.register(ada, new DeviceRegistrationClient.Device(device.id(),
                    device.name(), device.os(), device.osVersion(), device.trustType(), Optional.of(now.minus(device.registeredAgo()))));
            if (answer.status() == 200 || answer.status() == 409 && KEPT.contains(answer.body().path("type").asText())) {
                continue;
            }
            if (answer.status() != 201) {
                throw new IOException("demo data: registering " + device.id() + " answered " + answer.status() + " " + answer.body());
            }
            String signIn = service.reportSignIn(ada, device.id(), now.minus(device.lastActiveAgo()));
            if (!signIn.equals("RECORDED")) {
                throw new IOException("demo data: the sign-in on " + device.id() + " was " + signIn);
            }
            if (device.disabledByAda()) {
                disableAsAda(identity, api, device.id());
            }
        }
    }

    /** A device left as it was: disabled since (by Ada, the cleanup), or removed by the cleanup. */
    private static final java.util.Set<String> KEPT = java.util.Set.of(
            "urn:myprofile:problem:device-disabled", "urn:myprofile:problem:device-removed");

    private static void disableAsAda(LocalSignIn identity, URI api, String deviceId) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("me/devices/" + deviceId + "/disable"))
                .header("Authorization", "Bearer " + identity.demoUserAccessToken())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("demo data: disabling " + deviceId + " as Ada answered " + response.statusCode() + " " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
