package dev.myprofile.devices.entrypoints;

import com.amazonaws.services.lambda.runtime.Context;
import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.DeviceStore.SignInResult;
import dev.myprofile.devices.store.DeviceStore;
import dev.myprofile.devices.store.dynamodb.DynamoDeviceStore;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.events.EventFunction;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.platform.Platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * EventBridge "Device Sign-In" events → a device's last activity. Like the leading portal it does not
 * write on every sign-in: only when the stored time is older than the granularity (default one hour),
 * so a busy device costs one small read. An event that names no known, enabled device is logged and
 * dropped (throwing would only make Lambda retry it).
 *
 * <p>Event detail: {@code {"issuer", "subject", "deviceId", "signInTime"}} (ISO-8601; the event's own
 * {@code time} when absent). Only events whose {@code source} is {@code SIGN_IN_EVENT_SOURCE} count: the
 * rule matches it too, and the bus lets only the sign-in service put events, but a recorder that
 * believed any source would let whoever can put events keep a stolen device "active" forever.
 */
public final class RecordDeviceSignInHandler extends EventFunction {
    /** The template's default of {@code SignInEventSource}. */
    static final String DEFAULT_SOURCE = "myprofile.identity";

    private final DeviceStore devices;
    private final Clock clock;
    private final Duration granularity;
    private final String source;

    public RecordDeviceSignInHandler() {
        this(Platform.fromEnvironment());
    }

    public RecordDeviceSignInHandler(Platform platform) {
        this.devices = new DynamoDeviceStore(platform);
        this.clock = platform.clock();
        this.granularity = platform.config().seconds("DEVICE_ACTIVITY_GRANULARITY_SECONDS", 3600);
        this.source = platform.config().get("SIGN_IN_EVENT_SOURCE", DEFAULT_SOURCE);
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Context context) {
        if (!source.equals(event.get("source"))) {
            return ignored("the event's source is not the sign-in service's");
        }
        Object rawDetail = event.get("detail");
        if (!(rawDetail instanceof Map<?, ?> detail)) {
            return ignored("the event has no detail");
        }
        String issuer = text(detail.get("issuer"));
        String subject = text(detail.get("subject"));
        String deviceId = text(detail.get("deviceId"));
        if (issuer.isEmpty() || subject.isEmpty() || !Device.isValidId(deviceId)) {
            return ignored("issuer, subject or deviceId missing or malformed");
        }
        Instant at;
        try {
            String time = text(detail.get("signInTime"));
            at = Instant.parse(time.isEmpty() ? text(event.get("time")) : time);
        } catch (DateTimeParseException e) {
            return ignored("signInTime is not an ISO-8601 instant");
        }
        if (at.isAfter(clock.instant().plus(Duration.ofMinutes(5)))) {
            return ignored("signInTime is in the future");
        }
        SignInResult result = devices.recordSignIn(UserKey.of(issuer, subject), deviceId, at, granularity);
        Log.info("device.sign_in", "result", result.name());
        return Map.of("result", result.name());
    }

    private static Map<String, Object> ignored(String why) {
        Log.warn("device.sign_in_ignored", "reason", why);
        return Map.of("result", "IGNORED", "reason", why);
    }

    private static String text(Object value) {
        return value instanceof String s ? s.strip() : "";
    }
}
