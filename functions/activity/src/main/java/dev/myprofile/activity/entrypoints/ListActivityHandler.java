package dev.myprofile.activity.entrypoints;

import dev.myprofile.shared.activity.ActivityEntry.Subject;
import dev.myprofile.shared.activity.ActivityEntry;
import dev.myprofile.shared.activity.ActivityLog;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.dynamodb.InvalidContinuation;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.json.Json;

import java.util.Optional;

/**
 * {@code GET /me/activity}: the caller's security history, newest first, up to 100 a page
 * ({@code limit}), continued with {@code next} ({@code after}): what changed (devices registered,
 * disabled by the user or by the cleanup, deleted; and every other subject the log records), with
 * time, source address and browser.
 */
public final class ListActivityHandler extends ApiFunction {
    static final int MAX_PAGE = 100;

    private final ActivityLog activity;

    public ListActivityHandler() {
        this(Api.fromEnvironment());
    }

    public ListActivityHandler(Api api) {
        super(api);
        this.activity = new ActivityLog(api.platform().dynamo(), api.platform().table());
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        int limit = request.pageLimit(MAX_PAGE);
        ActivityLog.Page page;
        try {
            page = activity.list(caller.userKey(), limit, request.queryParameter("after"), api.clock().instant());
        } catch (InvalidContinuation e) {
            throw ApiRequest.invalidContinuation();
        }
        return ApiResponse.json(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("entries");
            for (ActivityEntry entry : page.entries()) {
                Subject subject = entry.subject();
                boolean device = Subject.DEVICE.equals(subject.type());
                g.writeStartObject();
                g.writeStringField("at", entry.at().toString());
                g.writeStringField("operation", entry.operation());
                g.writeObjectFieldStart("subject");
                g.writeStringField("type", subject.type());
                Json.field(g, "id", subject.id());
                Json.field(g, "name", subject.name());
                g.writeEndObject();
                // The device fields the Activity page has always had, for entries about a device.
                Json.field(g, "deviceId", device ? subject.id() : Optional.empty());
                Json.field(g, "deviceName", device ? subject.name() : Optional.empty());
                g.writeStringField("actor", entry.origin().actor());
                Json.field(g, "sourceIp", entry.origin().sourceIp());
                Json.field(g, "userAgent", entry.origin().userAgent());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("next", page.next().orElse(null));
            g.writeEndObject();
        });
    }
}
