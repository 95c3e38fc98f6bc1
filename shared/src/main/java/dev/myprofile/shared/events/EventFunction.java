package dev.myprofile.shared.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.myprofile.shared.log.Log;

import java.util.Map;

/**
 * The base of functions no person calls (schedules, EventBridge rules): the event as a map, the
 * invocation's request id bound to every log line, a failure logged before Lambda sees it. No token
 * validation, so such a function never fetches signing keys.
 */
public abstract class EventFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** The work, for an event that is never null. */
    protected abstract Map<String, Object> handle(Map<String, Object> event, Context context);

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Log.bindRequest(context.getAwsRequestId());
        try {
            return handle(event == null ? Map.of() : event, context);
        } catch (RuntimeException e) {
            Log.error("event.failed", "function", getClass().getSimpleName(), "exception", e.getClass().getName());
            throw e;
        } finally {
            Log.unbindRequest();
        }
    }
}
