package dev.myprofile.devices.model;

import dev.myprofile.shared.activity.ActivityEntry.Subject;

/** What the devices functions write into the user's security history. */
public final class DeviceActivity {
    public static final String REGISTERED = "device.registered";
    public static final String DISABLED = "device.disabled";
    public static final String DELETED = "device.deleted";

    private DeviceActivity() {}

    /** The device as the user knows it: ids mean nothing to a person, so the entry keeps the name too. */
    public static Subject subject(String deviceId, String displayName) {
        return Subject.of(Subject.DEVICE, deviceId, displayName);
    }
}
