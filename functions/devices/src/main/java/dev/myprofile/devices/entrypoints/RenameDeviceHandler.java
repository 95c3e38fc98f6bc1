package dev.myprofile.devices.entrypoints;

import dev.myprofile.shared.Services;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.domain.Device;
import dev.myprofile.shared.domain.DeviceStore.RenameResult;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.http.Preconditions;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.store.Keys;

/**
 * {@code PATCH /me/devices/{deviceId}}: rename a device. Versioned like every edit: If-Match (412
 * when stale) or a {@code version} field (409); another user's device is simply not found (404).
 */
public final class RenameDeviceHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("displayName", Device.MAX_DISPLAY_NAME)
            .integer("version", 1, Long.MAX_VALUE, false)
            .build();

    public RenameDeviceHandler() {
        this(Services.fromEnvironment());
    }

    public RenameDeviceHandler(Services services) {
        super(services);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String deviceId = DevicePath.deviceId(request);
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Preconditions preconditions = Preconditions.of(request, body.integer("version"), "GET /me/devices");
        RenameResult result = services.devices().rename(Keys.user(caller.issuer(), caller.subject()), deviceId,
                body.string("displayName").orElseThrow(), preconditions.expectedVersion(), services.clock().instant());
        if (result instanceof RenameResult.Renamed renamed) {
            return DeviceJson.response(200, renamed.device(), caller.deviceId());
        }
        if (result instanceof RenameResult.Stale stale) {
            throw preconditions.stale(stale.currentVersion(), "This device");
        }
        throw DevicePath.notFound();
    }
}
