package dev.myprofile.devices.entrypoints;

import dev.myprofile.shared.Services;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.domain.Device;
import dev.myprofile.shared.domain.DeviceStore;
import dev.myprofile.shared.domain.InvalidContinuation;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.store.Keys;

/**
 * {@code GET /me/devices}: the devices on the caller's account, newest activity first, up to 100 a
 * page ({@code limit}), continued with the {@code next} token ({@code after}). One DynamoDB query per
 * page. The token only names a place in the caller's own list, so it cannot reach another's.
 */
public final class ListDevicesHandler extends ApiFunction {
    static final int MAX_PAGE = 100;

    public ListDevicesHandler() {
        this(Services.fromEnvironment());
    }

    public ListDevicesHandler(Services services) {
        super(services);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        int limit = request.pageLimit(MAX_PAGE);
        DeviceStore.Page page;
        try {
            page = services.devices().list(Keys.user(caller.issuer(), caller.subject()), limit, request.queryParameter("after"));
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
            g.writeEndObject();
        });
    }
}
