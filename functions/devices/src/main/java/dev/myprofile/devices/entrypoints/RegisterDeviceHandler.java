package dev.myprofile.devices.entrypoints;

import dev.myprofile.shared.Services;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.domain.ActivityEntry;
import dev.myprofile.shared.domain.Device;
import dev.myprofile.shared.domain.DeviceStore.RegisterResult;
import dev.myprofile.shared.domain.DeviceStore.Registration;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.http.Problem;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.store.Keys;

import java.time.Instant;

/**
 * {@code PUT /me/devices/{deviceId}}: the device-registration client registers a device (201) or
 * refreshes what it reports about it (200). Idempotent. A disabled device stays disabled (409): only
 * an administrator can enable it again. A name the user gave the device wins over the client's.
 */
public final class RegisterDeviceHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("displayName", Device.MAX_DISPLAY_NAME)
            .requiredString("operatingSystem", Device.MAX_OPERATING_SYSTEM)
            .requiredString("operatingSystemVersion", Device.MAX_OPERATING_SYSTEM)
            .requiredString("trustType", 16, t -> Device.TrustType.fromWire(t).isPresent(), "registered or joined")
            .build();

    public RegisterDeviceHandler() {
        this(Services.fromEnvironment());
    }

    public RegisterDeviceHandler(Services services) {
        super(services);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String deviceId = DevicePath.deviceId(request);
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Registration registration = new Registration(
                body.string("displayName").orElseThrow(),
                body.string("operatingSystem").orElseThrow(),
                body.string("operatingSystemVersion").orElseThrow(),
                Device.TrustType.fromWire(body.string("trustType").orElseThrow()).orElseThrow());
        Instant now = services.clock().instant();
        RegisterResult result = services.devices().register(Keys.user(caller.issuer(), caller.subject()), deviceId,
                registration, now,
                ActivityEntry.byUser(ActivityEntry.DEVICE_REGISTERED, deviceId, now, request.sourceIp(), request.userAgent()));
        if (result instanceof RegisterResult.Created created) {
            return DeviceJson.response(201, created.device(), caller.deviceId())
                    .withHeader("Location", "/me/devices/" + deviceId);
        }
        if (result instanceof RegisterResult.Refreshed refreshed) {
            return DeviceJson.response(200, refreshed.device(), caller.deviceId());
        }
        if (result instanceof RegisterResult.Contended) {
            throw Problem.of(409, "concurrent-change", "Changed elsewhere",
                    "The device was changing while it was registered. Try again.");
        }
        throw Problem.of(409, "device-disabled", "Device disabled",
                "This device is disabled. Only an administrator can enable it again.");
    }
}
