package dev.myprofile.devices.entrypoints;

import dev.myprofile.devices.cleanup.CleanupSettings;
import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.DeviceStore;
import dev.myprofile.devices.store.dynamodb.DynamoDeviceStore;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.dynamodb.InvalidContinuation;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;

/**
 * {@code GET /me/devices}: the devices on the caller's account, newest activity first, up to 100 a
 * page ({@code limit}), continued with the {@code next} token ({@code after}). One DynamoDB query per
 * page. The token only names a place in the caller's own list, so it cannot reach another's. The
 * answer carries the cleanup's {@code staleAfterDays}, the one statement of that rule the web app reads.
 */
public final class ListDevicesHandler extends ApiFunction {
    static final int MAX_PAGE = 100;

    private final DeviceStore devices;
    private final long staleAfterDays;

    public ListDevicesHandler() {
        this(Api.fromEnvironment());
    }

    public ListDevicesHandler(Api api) {
        super(api);
        this.devices = new DynamoDeviceStore(api.platform());
        this.staleAfterDays = CleanupSettings.staleAfter(api.platform().config()).toDays();
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        int limit = request.pageLimit(MAX_PAGE);
        DeviceStore.Page page;
        try {
            page = devices.list(caller.userKey(), limit, request.queryParameter("after"));
        } catch (InvalidContinuation e) {
            throw ApiRequest.invalidContinuation();
        }
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("devices");
            for (Device device : page.devices()) {
                DeviceJson.write(g, device, caller.deviceId());
            }
            g.writeEndArray();
            g.writeStringField("next", page.next().orElse(null));
            // The cleanup's threshold, so the page can say which devices are about to be disabled.
            g.writeNumberField("staleAfterDays", staleAfterDays);
            g.writeEndObject();
        });
    }
}
