package dev.myprofile.activity.entrypoints;

import dev.myprofile.shared.Services;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.domain.ActivityEntry;
import dev.myprofile.shared.domain.ActivityLog;
import dev.myprofile.shared.domain.InvalidContinuation;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.store.Keys;

/**
 * {@code GET /me/activity}: the caller's security history, newest first, up to 100 a page
 * ({@code limit}), continued with {@code next} ({@code after}): devices registered, disabled (by the
 * user or by the cleanup) and deleted, with time, source address and browser.
 */
public final class ListActivityHandler extends ApiFunction {
    static final int MAX_PAGE = 100;

    public ListActivityHandler() {
        this(Services.fromEnvironment());
    }

    public ListActivityHandler(Services services) {
        super(services);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        int limit = request.pageLimit(MAX_PAGE);
        ActivityLog.Page page;
        try {
            page = services.activity().list(Keys.user(caller.issuer(), caller.subject()), limit,
                    request.queryParameter("after"), services.clock().instant());
        } catch (InvalidContinuation e) {
            throw ApiRequest.invalidContinuation();
        }
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("entries");
            for (ActivityEntry entry : page.entries()) {
                g.writeStartObject();
                g.writeStringField("at", entry.at().toString());
                g.writeStringField("operation", entry.operation());
                Json.field(g, "deviceId", entry.deviceId());
                Json.field(g, "deviceName", entry.deviceName());
                g.writeStringField("actor", entry.actor());
                Json.field(g, "sourceIp", entry.sourceIp());
                Json.field(g, "userAgent", entry.userAgent());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("next", page.next().orElse(null));
            g.writeEndObject();
        });
    }
}
