package dev.myprofile.devices.entrypoints;

import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.DeviceStore.RenameResult;
import dev.myprofile.devices.store.DeviceStore;
import dev.myprofile.devices.store.dynamodb.DynamoDeviceStore;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.http.Preconditions;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.problem.Problem;

/**
 * {@code PATCH /me/devices/{deviceId}}: rename a device. Versioned like every edit: If-Match (412
 * when stale) or a {@code version} field (409); another user's device is simply not found (404). A
 * disabled device refuses edits (409): only an administrator can enable it again. A rename writes a
 * {@code device.renamed} activity entry in the same transaction.
 */
public final class RenameDeviceHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("displayName", Device.MAX_DISPLAY_NAME)
            .integer("version", 1, Long.MAX_VALUE, false)
            .build();

    private final DeviceStore devices;

    public RenameDeviceHandler() {
        this(Api.fromEnvironment());
    }

    public RenameDeviceHandler(Api api) {
        super(api);
        this.devices = new DynamoDeviceStore(api.platform());
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String deviceId = DevicePath.deviceId(request);
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        Preconditions preconditions = Preconditions.of(request, body.integer("version"), "GET /me/devices");
        RenameResult result = devices.rename(caller.userKey(), deviceId,
                body.string("displayName").orElseThrow(), preconditions.expectedVersion(), api.clock().instant(),
                Origin.user(request.sourceIp(), request.userAgent()));
        if (result instanceof RenameResult.Renamed renamed) {
            return DeviceJson.response(200, renamed.device(), caller.deviceId());
        }
        if (result instanceof RenameResult.Stale stale) {
            throw preconditions.stale(stale.currentVersion(), "This device");
        }
        if (result instanceof RenameResult.Disabled) {
            throw Problem.of(409, "device-disabled", "Device disabled",
                    "This device is disabled, so it cannot be renamed. Only an administrator can enable it again.");
        }
        throw DevicePath.notFound();
    }
}
