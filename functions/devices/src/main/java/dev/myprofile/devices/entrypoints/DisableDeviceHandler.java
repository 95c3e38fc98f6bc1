package dev.myprofile.devices.entrypoints;

import dev.myprofile.shared.Services;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.domain.ActivityEntry;
import dev.myprofile.shared.domain.DeviceStore.DisableResult;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.store.Keys;

import java.time.Instant;

/**
 * {@code POST /me/devices/{deviceId}/disable}: disable a lost or unrecognized device. Sensitive: it
 * needs a fresh sign-in, multi-factor once the user has an MFA method (RFC 9470 step-up), checked
 * before anything changes. The change and its activity entry are one transaction; disabling twice
 * answers the same and writes one entry. The answer says the user cannot enable it again.
 */
public final class DisableDeviceHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder().build();

    public DisableDeviceHandler() {
        this(Services.fromEnvironment());
    }

    public DisableDeviceHandler(Services services) {
        super(services);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String deviceId = DevicePath.deviceId(request);
        if (request.hasBody()) {
            BODY.parse(request.jsonBody());
        }
        String userKey = Keys.user(caller.issuer(), caller.subject());
        services.stepUp().require(caller, () -> services.devices().hasMfaMethod(userKey));
        Instant now = services.clock().instant();
        DisableResult result = services.devices().disable(userKey, deviceId, now,
                ActivityEntry.byUser(ActivityEntry.DEVICE_DISABLED, deviceId, now, request.sourceIp(), request.userAgent()));
        if (result instanceof DisableResult.Disabled disabled) {
            return DeviceJson.response(200, disabled.device(), caller.deviceId());
        }
        if (result instanceof DisableResult.AlreadyDisabled already) {
            return DeviceJson.response(200, already.device(), caller.deviceId());
        }
        throw DevicePath.notFound();
    }
}
