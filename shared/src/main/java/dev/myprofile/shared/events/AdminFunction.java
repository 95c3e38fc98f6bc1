package dev.myprofile.shared.events;

import com.amazonaws.services.lambda.runtime.Context;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.log.Log;

import java.util.Map;

/**
 * The base of an administrators' function: no route and no trigger reach it, only IAM
 * ({@code lambda:InvokeFunction}). The event names an {@code action}; the answer is
 * {@code {"result": ...}}, and a malformed command is {@code REJECTED} with a {@code reason},
 * nothing written. Each command and its result are logged as {@code <logEvent>} (rejections as
 * {@code <logEvent>_rejected}).
 */
public abstract class AdminFunction extends EventFunction {
    /** The most any text of a command may hold. */
    protected static final int MAX_TEXT = 512;

    /** A malformed command: answered REJECTED with this reason, nothing written. */
    protected static final class Rejected extends RuntimeException {
        public Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    private final String logEvent;

    protected AdminFunction(String logEvent) {
        this.logEvent = logEvent;
    }

    /** The command's work: {@code {"result": ...}}, or {@link Rejected}. */
    protected abstract Map<String, Object> command(String action, Map<String, Object> event);

    @Override
    protected final Map<String, Object> handle(Map<String, Object> event, Context context) {
        String action = text(event.get("action"));
        try {
            Map<String, Object> result = command(action, event);
            Log.info(logEvent, "action", action, "result", String.valueOf(result.get("result")));
            return result;
        } catch (Rejected e) {
            Log.warn(logEvent + "_rejected", "action", action, "reason", e.getMessage());
            return Map.of("result", "REJECTED", "reason", e.getMessage());
        }
    }

    /** A string field, stripped; anything else is empty. */
    protected static String text(Object value) {
        return value instanceof String s ? s.strip() : "";
    }

    /** The user the command is about, as their tokens name them ({@code issuer} and {@code subject}). */
    protected static UserKey user(Map<String, Object> event) {
        String issuer = text(event.get("issuer"));
        String subject = text(event.get("subject"));
        if (issuer.isEmpty() || subject.isEmpty() || issuer.length() > MAX_TEXT || subject.length() > MAX_TEXT) {
            throw new Rejected("issuer and subject (the user's tokens' iss and sub) are required");
        }
        return UserKey.of(issuer, subject);
    }
}
