package dev.myprofile.devices.entrypoints;

import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.DeviceStore;
import dev.myprofile.devices.store.dynamodb.DynamoDeviceStore;
import dev.myprofile.shared.events.AdminFunction;
import dev.myprofile.shared.platform.Platform;

import java.time.Clock;
import java.util.Map;

/**
 * The administrators' way to undo what the user and the cleanup cannot: a function no route reaches,
 * invoked with IAM ({@code aws lambda invoke}, permission {@code lambda:InvokeFunction} on
 * {@code DeviceAdminFunction}). Events (see {@code events/device-admin-*.json}):
 * <ul>
 *   <li>{@code {"action": "enable-device", "issuer", "subject", "deviceId"}} enables a disabled device
 *       again (the user's, as their tokens' iss and sub name them): {@code ENABLED}, or
 *       {@code NOT_DISABLED} when it is enabled already, {@code NO_SUCH_DEVICE} when the account has no
 *       such device. Enabling counts as activity, so the cleanup's staleness clock starts again now;</li>
 *   <li>{@code {"action": "forget-removed-device", "issuer", "subject", "deviceId"}} lifts the tombstone
 *       the cleanup left when it removed the device, so it may be registered again as new:
 *       {@code FORGOTTEN}, or {@code NOT_REMOVED} when no tombstone stands for it.</li>
 * </ul>
 * Each change goes into the user's activity (actor {@code administrator}) in the same transaction.
 * The answer is {@code {"result": ...}}; a malformed event is {@code REJECTED} with a {@code reason},
 * nothing written.
 */
public final class DeviceAdminHandler extends AdminFunction {

    private final DeviceStore devices;
    private final Clock clock;

    public DeviceAdminHandler() {
        this(Platform.fromEnvironment());
    }

    public DeviceAdminHandler(Platform platform) {
        super("device.admin");
        this.devices = new DynamoDeviceStore(platform);
        this.clock = platform.clock();
    }

    @Override
    protected Map<String, Object> command(String action, Map<String, Object> event) {
        DeviceStore.AdminResult result = switch (action) {
            case "enable-device" -> devices.enable(user(event), deviceId(event), clock.instant());
            case "forget-removed-device" -> devices.forgetRemoved(user(event), deviceId(event), clock.instant());
            default -> throw new Rejected("action must be enable-device or forget-removed-device");
        };
        return Map.of("result", result.name());
    }

    private static String deviceId(Map<String, Object> event) {
        String id = text(event.get("deviceId"));
        if (!Device.isValidId(id)) {
            throw new Rejected("deviceId must be 1 to " + Device.MAX_ID + " letters, digits, '.', '_', '~' or '-'");
        }
        return id;
    }
}
