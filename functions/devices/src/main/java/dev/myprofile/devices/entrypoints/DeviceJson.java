package dev.myprofile.devices.entrypoints;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myprofile.devices.model.Device;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.http.Preconditions;

import java.io.IOException;
import java.util.Optional;

/** The device representation every device route answers with. */
final class DeviceJson {
    private DeviceJson() {}

    static ApiResponse response(int status, Device device, Optional<String> currentDeviceId) {
        return ApiResponse.json(status, g -> write(g, device, currentDeviceId))
                .withHeader("ETag", Preconditions.etag(device.version()));
    }

    static void write(JsonGenerator g, Device device, Optional<String> currentDeviceId) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", device.id());
        g.writeStringField("displayName", device.displayName());
        g.writeStringField("operatingSystem", device.operatingSystem());
        g.writeStringField("operatingSystemVersion", device.operatingSystemVersion());
        g.writeStringField("trustType", device.trustType().wire());
        g.writeStringField("registeredAt", device.registeredAt().toString());
        g.writeStringField("lastActiveAt", device.lastActiveAt().toString());
        g.writeBooleanField("enabled", device.enabled());
        if (device.enabled()) {
            g.writeNullField("disabledAt");
            g.writeNullField("disabledBy");
            g.writeNullField("reenabledBy");
        } else {
            g.writeStringField("disabledAt", device.disabledAt().map(Object::toString).orElse(null));
            g.writeStringField("disabledBy", device.disabledBy().map(Device.DisabledBy::wire).orElse(null));
            // The user cannot enable a disabled device again; the answer says who can.
            g.writeStringField("reenabledBy", "administrator");
        }
        g.writeBooleanField("isCurrentDevice", currentDeviceId.filter(device.id()::equals).isPresent());
        g.writeNumberField("version", device.version());
        g.writeEndObject();
    }
}
