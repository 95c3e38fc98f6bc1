package dev.myprofile.devices.entrypoints;

import dev.myprofile.devices.model.Device;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.problem.Problem;

import java.util.List;

/** The {@code {deviceId}} of a device route, checked before it reaches a key. */
final class DevicePath {
    private DevicePath() {}

    static String deviceId(ApiRequest request) {
        String id = request.pathParameter("deviceId").orElse("");
        if (!Device.isValidId(id)) {
            throw Problem.invalid(List.of(new Problem.FieldError("deviceId",
                    FieldCode.NOT_ID, Integer.toString(Device.MAX_ID))));
        }
        return id;
    }

    static Problem notFound() {
        return Problem.notFound("There is no such device on your account.");
    }
}
