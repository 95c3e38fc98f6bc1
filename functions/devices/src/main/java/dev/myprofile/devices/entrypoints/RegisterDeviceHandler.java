package dev.myprofile.devices.entrypoints;

import dev.myprofile.devices.model.Device;
import dev.myprofile.devices.store.DeviceStore.RegisterResult;
import dev.myprofile.devices.store.DeviceStore.Registration;
import dev.myprofile.devices.store.DeviceStore;
import dev.myprofile.devices.store.dynamodb.DynamoDeviceStore;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.auth.Caller;
import dev.myprofile.shared.auth.RequiredScope;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.config.Config;
import dev.myprofile.shared.dynamodb.RateLimits;
import dev.myprofile.shared.http.Api;
import dev.myprofile.shared.http.ApiFunction;
import dev.myprofile.shared.http.ApiRequest;
import dev.myprofile.shared.http.ApiResponse;
import dev.myprofile.shared.problem.FieldCode;
import dev.myprofile.shared.json.ObjectSchema;
import dev.myprofile.shared.problem.Problem;
import dev.myprofile.shared.problem.Problem.FieldError;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;


/**
 * {@code PUT /me/devices/{deviceId}}: the device-registration client registers a device (201) or
 * refreshes what it reports about it (200). Idempotent. A disabled device stays disabled (409): only
 * an administrator can enable it again. A name the user gave the device wins over the client's.
 * Only the registration client's tokens may call it: they carry {@code DEVICE_REGISTRATION_SCOPE}
 * (any other token, the web app's among them, gets 403 naming the scope), so no user can declare a
 * device of their own choosing "joined". A user has at most {@code MAX_DEVICES_PER_USER} enabled
 * devices (409 for one more, saying how to free one), and is registered for at most
 * {@code DEVICE_REGISTRATIONS_PER_HOUR} times an hour (429), counted per person also when the
 * service's own token registers for many. A device the cleanup deleted after it
 * was disabled leaves a tombstone that refuses its id (409) until it expires.
 *
 * <p>The device-management service's own token may also say when the device was enrolled,
 * {@code registeredAt}: a service connected after its devices exist imports them with their history
 * (its sign-in reports then carry their real sign-in times). Only that token may (a person's is
 * refused, 400), and only a time neither ahead of the clock by more than {@link #CLOCK_SKEW} nor
 * older than {@link #OLDEST_REGISTRATION}. Its registrations go into the person's activity as the
 * device management's, not the person's.
 */
public final class RegisterDeviceHandler extends ApiFunction {
    private static final ObjectSchema BODY = ObjectSchema.builder()
            .requiredString("displayName", Device.MAX_DISPLAY_NAME)
            .requiredString("operatingSystem", Device.MAX_OPERATING_SYSTEM)
            .requiredString("operatingSystemVersion", Device.MAX_OPERATING_SYSTEM)
            .requiredString("trustType", 16, t -> Device.TrustType.fromWire(t).isPresent(), FieldCode.ONE_OF, "registered, joined")
            .string("subject", 255, false)
            .string("registeredAt", 64, false)
            .build();

    /** How far ahead a reported time may be (the sign-in recorder allows the same). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** No device was enrolled longer ago than this: an older registeredAt is a mistake, not history. */
    static final Duration OLDEST_REGISTRATION = Duration.ofDays(20 * 366);
    /** The actor of the device-management service's own registrations (no address or browser: it is not a person's request). */
    static final Origin DEVICE_MANAGEMENT = new Origin("device-management", java.util.Optional.empty(), java.util.Optional.empty());

    /** The template's default of {@code DeviceRegistrationScope}. */
    static final String DEFAULT_SCOPE = "myprofile/devices.register";

    private final DeviceStore devices;
    private final RequiredScope registrationScope;
    private final int maxDevices;
    private final RateLimits.Limit registrations;
    /** The device-management service's app client ({@code SERVICE_CLIENT_ID}): its own tokens name no person. */
    private final java.util.Optional<String> serviceClient;

    public RegisterDeviceHandler() {
        this(Api.fromEnvironment());
    }

    public RegisterDeviceHandler(Api api) {
        super(api);
        this.devices = new DynamoDeviceStore(api.platform());
        Config config = api.platform().config();
        this.registrationScope = new RequiredScope(config.get("DEVICE_REGISTRATION_SCOPE", DEFAULT_SCOPE));
        this.maxDevices = (int) config.number("MAX_DEVICES_PER_USER", 50, 1);
        this.registrations = new RateLimits.Limit("device-registrations",
                (int) config.number("DEVICE_REGISTRATIONS_PER_HOUR", 20, 1), Duration.ofHours(1));
        this.serviceClient = config.get("SERVICE_CLIENT_ID");
    }

    /**
     * Whose device it is. A token of the service's own (client credentials: its subject is the client,
     * Cognito's form) names no person, so the body names one, {@code subject}, of the token's own issuer
     * (the service registers only people of the pool that gave it its token). Any other token is a
     * person's, and registers for that person: a {@code subject} in its body is refused, so no token
     * registers for someone else than the token says.
     */
    private boolean servicesOwn(Caller caller) {
        return serviceClient.isPresent() && serviceClient.get().equals(caller.subject());
    }

    private UserKey owner(Caller caller, ObjectSchema.Values body) {
        boolean servicesOwn = servicesOwn(caller);
        java.util.Optional<String> named = body.string("subject");
        if (servicesOwn && named.isEmpty()) {
            throw Problem.invalid(List.of(new FieldError("subject", FieldCode.REQUIRED)));
        }
        if (!servicesOwn && named.isPresent()) {
            throw Problem.invalid(List.of(new FieldError("subject", FieldCode.NOT_ALLOWED)));
        }
        return servicesOwn ? UserKey.of(caller.issuer(), named.get()) : caller.userKey();
    }

    /** The enrolment time the service reports, checked before anything is written. */
    private java.util.Optional<Instant> registeredAt(Caller caller, ObjectSchema.Values body) {
        java.util.Optional<String> given = body.string("registeredAt");
        if (given.isEmpty()) {
            return java.util.Optional.empty();
        }
        if (!servicesOwn(caller)) {
            throw Problem.invalid(List.of(new FieldError("registeredAt", FieldCode.NOT_ALLOWED)));
        }
        Instant at;
        try {
            at = Instant.parse(given.get());
        } catch (DateTimeParseException e) {
            throw Problem.invalid(List.of(new FieldError("registeredAt", FieldCode.NOT_INSTANT)));
        }
        Instant now = api.clock().instant();
        if (at.isAfter(now.plus(CLOCK_SKEW)) || at.isBefore(now.minus(OLDEST_REGISTRATION))) {
            throw Problem.invalid(List.of(new FieldError("registeredAt", FieldCode.TIME_OUT_OF_RANGE, String.valueOf(OLDEST_REGISTRATION.toDays() / 365))));
        }
        return java.util.Optional.of(at);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller) {
        registrationScope.check(caller);
        String deviceId = DevicePath.deviceId(request);
        ObjectSchema.Values body = BODY.parse(request.jsonBody());
        UserKey owner = owner(caller, body);
        // Per person, whoever's token: the service registers for everyone (an import of an
        // organization's devices is many people's), so its own token is counted per person it names,
        // in its own partition (nothing lands in a person's before the registration is accepted).
        limit(caller, servicesOwn(caller) ? new RateLimits.Limit(registrations.name() + "#" + body.string("subject").orElseThrow(),
                registrations.requests(), registrations.window()) : registrations);
        Registration registration = new Registration(
                body.string("displayName").orElseThrow(),
                body.string("operatingSystem").orElseThrow(),
                body.string("operatingSystemVersion").orElseThrow(),
                Device.TrustType.fromWire(body.string("trustType").orElseThrow()).orElseThrow(),
                registeredAt(caller, body));
        RegisterResult result = devices.register(owner, deviceId, registration, maxDevices, api.clock().instant(),
                servicesOwn(caller) ? DEVICE_MANAGEMENT : Origin.user(request.sourceIp(), request.userAgent()));
        if (result instanceof RegisterResult.Created created) {
            return DeviceJson.response(201, created.device(), caller.deviceId())
                    .withHeader("Location", "/me/devices/" + deviceId);
        }
        if (result instanceof RegisterResult.Refreshed refreshed) {
            return DeviceJson.response(200, refreshed.device(), caller.deviceId());
        }
        if (result instanceof RegisterResult.AtCapacity full) {
            throw Problem.of(409, "device-limit", "Too many devices",
                            "Your account has " + full.max() + " enabled devices, the most it may have. To register this one, "
                                    + "disable a device you no longer use on the Devices page, then try again.")
                    .with("maxDevices", full.max());
        }
        if (result instanceof RegisterResult.Removed) {
            throw Problem.of(409, "device-removed", "Device removed",
                    "This device was disabled and then removed from your account, so it cannot be registered again for now. "
                            + "Only an administrator can allow it back.");
        }
        if (result instanceof RegisterResult.Closed) {
            throw Problem.of(409, "account-closed", "Account closed",
                    "This person's account is closing or has been closed, so no device can be registered for it.");
        }
        if (result instanceof RegisterResult.Contended) {
            throw Problem.of(409, "concurrent-change", "Changed elsewhere",
                    "The device was changing while it was registered. Try again.");
        }
        throw Problem.of(409, "device-disabled", "Device disabled",
                "This device is disabled. Only an administrator can enable it again.");
    }
}
