package dev.myprofile.devices.model;

import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.activity.ActivityEntry.Subject;

import java.util.Optional;

/** What the devices functions write into the user's security history. */
public final class DeviceActivity {
    public static final String REGISTERED = "device.registered";
    public static final String DISABLED = "device.disabled";
    /** The user renamed it; the entry names the device by its new name. */
    public static final String RENAMED = "device.renamed";
    public static final String DELETED = "device.deleted";
    /** An administrator enabled a disabled device again. */
    public static final String ENABLED = "device.enabled";
    /** An administrator lifted a removed device's tombstone: its id may be registered again. */
    public static final String UNBLOCKED = "device.unblocked";

    /** The actor of an administrator's change (no address or browser: it is not a person's request). */
    public static final Origin ADMINISTRATOR = new Origin("administrator", Optional.empty(), Optional.empty());

    private DeviceActivity() {}

    /** The device as the user knows it: ids mean nothing to a person, so the entry keeps the name too. */
    public static Subject subject(String deviceId, String displayName) {
        return Subject.of(Subject.DEVICE, deviceId, displayName);
    }
}
