package dev.myprofile.devices.entrypoints;

import dev.myprofile.devices.store.DeviceStore.DisableResult;
import dev.myprofile.devices.store.DeviceStore;
import dev.myprofile.devices.store.dynamodb.DynamoDeviceStore;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.DynamoMfaMethods;
import dev.myprofile.shared.auth.MfaMethods;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.ObjectSchema;


/**
 * {@code POST /me/devices/{deviceId}/disable}: disable a lost or unrecognized device. Sensitive: it
 * needs a fresh sign-in, multi-factor once the user has an MFA method (RFC 9470 step-up), checked
 * before anything changes. The change and its activity entry are one transaction; disabling twice
 * answers the same and writes one entry. The answer says the user cannot enable it again.
 */
public final class DisableDeviceHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder().build();

    private final DeviceStore devices;
    private final MfaMethods mfaMethods;

    public DisableDeviceHandler() {
        this(Api.fromEnvironment());
    }

    public DisableDeviceHandler(Api api) {
        this(api, new DynamoDeviceStore(api.platform()), new DynamoMfaMethods(api.platform().dynamo(), api.platform().table()));
    }

    public DisableDeviceHandler(Api api, DeviceStore devices, MfaMethods mfaMethods) {
        super(api);
        this.devices = devices;
        this.mfaMethods = mfaMethods;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        String deviceId = DevicePath.deviceId(request);
        if (request.hasBody()) {
            BODY.parse(request.jsonBody());
        }
        api.stepUp().require(caller, mfaMethods);
        DisableResult result = devices.disable(caller.userKey(), deviceId, api.clock().instant(),
                Origin.user(request.sourceIp(), request.userAgent()));
        if (result instanceof DisableResult.Disabled disabled) {
            return DeviceJson.response(200, disabled.device(), caller.deviceId());
        }
        if (result instanceof DisableResult.AlreadyDisabled already) {
            return DeviceJson.response(200, already.device(), caller.deviceId());
        }
        throw DevicePath.notFound();
    }
}
