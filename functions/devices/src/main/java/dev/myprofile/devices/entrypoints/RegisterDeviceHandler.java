package dev.myprofile.devices.entrypoints;

import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.DeviceStore.RegisterResult;
import dev.myprofile.devices.store.DeviceStore.Registration;
import dev.myprofile.devices.store.DeviceStore;
import dev.myprofile.devices.store.dynamodb.DynamoDeviceStore;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.RequiredScope;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.dynamodb.RateLimits;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.problem.Problem;
import dev.myprofile.shared.problem.Problem.FieldError;

import java.time.Duration;
import java.util.List;


/**
 * {@code PUT /me/devices/{deviceId}}: the device-registration client registers a device (201) or
 * refreshes what it reports about it (200). Idempotent. A disabled device stays disabled (409): only
 * an administrator can enable it again. A name the user gave the device wins over the client's.
 * Only the registration client's tokens may call it: they carry {@code DEVICE_REGISTRATION_SCOPE}
 * (any other token, the web app's among them, gets 403 naming the scope), so no user can declare a
 * device of their own choosing "joined". A user has at most {@code MAX_DEVICES_PER_USER} enabled
 * devices (409 for one more, saying how to free one), and registers at most
 * {@code DEVICE_REGISTRATIONS_PER_HOUR} times an hour (429). A device the cleanup deleted after it
 * was disabled leaves a tombstone that refuses its id (409) until it expires.
 */
public final class RegisterDeviceHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("displayName", Device.MAX_DISPLAY_NAME)
            .requiredString("operatingSystem", Device.MAX_OPERATING_SYSTEM)
            .requiredString("operatingSystemVersion", Device.MAX_OPERATING_SYSTEM)
            .requiredString("trustType", 16, t -> Device.TrustType.fromWire(t).isPresent(), FieldCode.ONE_OF, "registered, joined")
            .string("subject", 255, false)
            .build();

    /** The template's default of {@code DeviceRegistrationScope}. */
    static final String DEFAULT_SCOPE = "myprofile/devices.register";

    private final DeviceStore devices;
    private final RequiredScope registrationScope;
    private final int maxDevices;
    private final RateLimits.Limit registrations;
    /** The device-management service's app client ({@code SERVICE_CLIENT_ID}): its own tokens name no person. */
    private final java.util.Optional<String> serviceClient;

    public RegisterDeviceHandler() {
        this(Api.fromEnvironment());
    }

    public RegisterDeviceHandler(Api api) {
        super(api);
        this.devices = new DynamoDeviceStore(api.platform());
        Config config = api.platform().config();
        this.registrationScope = new RequiredScope(config.get("DEVICE_REGISTRATION_SCOPE", DEFAULT_SCOPE));
        this.maxDevices = (int) config.number("MAX_DEVICES_PER_USER", 50, 1);
        this.registrations = new RateLimits.Limit("device-registrations",
                (int) config.number("DEVICE_REGISTRATIONS_PER_HOUR", 20, 1), Duration.ofHours(1));
        this.serviceClient = config.get("SERVICE_CLIENT_ID");
    }

    /**
     * Whose device it is. A token of the service's own (client credentials: its subject is the client,
     * Cognito's form) names no person, so the body names one, {@code subject}, of the token's own issuer
     * (the service registers only people of the pool that gave it its token). Any other token is a
     * person's, and registers for that person: a {@code subject} in its body is refused, so no token
     * registers for someone else than the token says.
     */
    private UserKey owner(Caller caller, ObjectSchema.Values body) {
        boolean servicesOwn = serviceClient.isPresent() && serviceClient.get().equals(caller.subject());
        java.util.Optional<String> named = body.string("subject");
        if (servicesOwn && named.isEmpty()) {
            throw Problem.invalid(List.of(new FieldError("subject", FieldCode.REQUIRED)));
        }
        if (!servicesOwn && named.isPresent()) {
            throw Problem.invalid(List.of(new FieldError("subject", FieldCode.NOT_ALLOWED)));
        }
        return servicesOwn ? UserKey.of(caller.issuer(), named.get()) : caller.userKey();
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        registrationScope.check(caller);
        limit(caller, registrations);
        String deviceId = DevicePath.deviceId(request);
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Registration registration = new Registration(
                body.string("displayName").orElseThrow(),
                body.string("operatingSystem").orElseThrow(),
                body.string("operatingSystemVersion").orElseThrow(),
                Device.TrustType.fromWire(body.string("trustType").orElseThrow()).orElseThrow());
        RegisterResult result = devices.register(owner(caller, body), deviceId, registration, maxDevices, api.clock().instant(),
                Origin.user(request.sourceIp(), request.userAgent()));
        if (result instanceof RegisterResult.Created created) {
            return DeviceJson.response(201, created.device(), caller.deviceId())
                    .withHeader("Location", "/me/devices/" + deviceId);
        }
        if (result instanceof RegisterResult.Refreshed refreshed) {
            return DeviceJson.response(200, refreshed.device(), caller.deviceId());
        }
        if (result instanceof RegisterResult.AtCapacity full) {
            throw Problem.of(409, "device-limit", "Too many devices",
                            "Your account has " + full.max() + " enabled devices, the most it may have. To register this one, "
                                    + "disable a device you no longer use on the Devices page, then try again.")
                    .with("maxDevices", full.max());
        }
        if (result instanceof RegisterResult.Removed) {
            throw Problem.of(409, "device-removed", "Device removed",
                    "This device was disabled and then removed from your account, so it cannot be registered again for now. "
                            + "Only an administrator can allow it back.");
        }
        if (result instanceof RegisterResult.Closed) {
            throw Problem.of(409, "account-closed", "Account closed",
                    "This person's account is closing or has been closed, so no device can be registered for it.");
        }
        if (result instanceof RegisterResult.Contended) {
            throw Problem.of(409, "concurrent-change", "Changed elsewhere",
                    "The device was changing while it was registered. Try again.");
        }
        throw Problem.of(409, "device-disabled", "Device disabled",
                "This device is disabled. Only an administrator can enable it again.");
    }
}
