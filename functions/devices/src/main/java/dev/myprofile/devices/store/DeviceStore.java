package dev.myprofile.devices.store;

import dev.myprofile.devices.model.Device;
import dev.myprofile.shared.activity.ActivityEntry.Origin;
import dev.myprofile.shared.dynamodb.InvalidContinuation;
import dev.myprofile.shared.dynamodb.UserKey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where a user's devices are kept. Every method works inside the one user's partition. */
public interface DeviceStore {

    /** Newest activity first; {@code after} is the previous page's continuation, opaque to clients. */
    record Page(List<Device> devices, Optional<String> next) {}

    /** @throws InvalidContinuation when {@code after} is not a token this store made */
    Page list(UserKey user, int limit, Optional<String> after);

    /**
     * What the registration client sends; the user's rename, once made, wins over its name.
     * {@code registeredAt}, only from the device-management service's own token, is an import of a
     * device enrolled before the service was connected: a new device is registered at that time and
     * counts as last active then (its sign-in reports bring that forward), and a refresh of it is not
     * itself activity. Without it the device is registered, and active, now.
     */
    record Registration(String displayName, String operatingSystem, String operatingSystemVersion, Device.TrustType trustType,
                        Optional<Instant> registeredAt) {
        public Registration(String displayName, String operatingSystem, String operatingSystemVersion, Device.TrustType trustType) {
            this(displayName, operatingSystem, operatingSystemVersion, trustType, Optional.empty());
        }
    }

    sealed interface RegisterResult {
        record Created(Device device) implements RegisterResult {}

        record Refreshed(Device device) implements RegisterResult {}

        /** A disabled device stays disabled: registering it again does not enable it. */
        record Disabled(Device device) implements RegisterResult {}

        /** A new device, but the user has {@code max} enabled devices already. */
        record AtCapacity(int max) implements RegisterResult {}

        /**
         * The cleanup deleted this device after it had been disabled, and its tombstone still stands:
         * registering it again would undo "only an administrator can enable it again".
         */
        record Removed() implements RegisterResult {}

        /**
         * The person's account is closing or closed: nothing is written into its partition (the
         * device-management service may name a person whose account is gone).
         */
        record Closed() implements RegisterResult {}

        /** Other writes kept changing the device while it was refreshed; the client may try again. */
        record Contended() implements RegisterResult {}
    }

    /**
     * Registration writes the user's activity entry in the same transaction, with {@code origin} as
     * its source. A new device is refused when the user has {@code maxDevices} enabled ones already.
     */
    RegisterResult register(UserKey user, String deviceId, Registration registration, int maxDevices, Instant now, Origin origin);

    sealed interface RenameResult {
        record Renamed(Device device) implements RenameResult {}

        record Stale(long currentVersion) implements RenameResult {}

        /** A disabled device is not edited: only an administrator can enable (or rename) it again. */
        record Disabled() implements RenameResult {}

        record Missing() implements RenameResult {}
    }

    /** Renaming writes the user's activity entry (the device by its new name) in the same transaction. */
    RenameResult rename(UserKey user, String deviceId, String displayName, long expectedVersion, Instant now, Origin origin);

    sealed interface DisableResult {
        record Disabled(Device device) implements DisableResult {}

        /** Disabled before: the same answer, and no second activity entry. */
        record AlreadyDisabled(Device device) implements DisableResult {}

        record Missing() implements DisableResult {}
    }

    /** Disabling writes the user's activity entry in the same transaction. */
    DisableResult disable(UserKey user, String deviceId, Instant now, Origin origin);

    /** What an administrator's change did (the answer of {@code DeviceAdminFunction}). */
    enum AdminResult {
        /** The disabled device is enabled again. */
        ENABLED,
        /** The device is enabled already: nothing changed. */
        NOT_DISABLED,
        /** No such device on the account (never registered, or removed by the cleanup). */
        NO_SUCH_DEVICE,
        /** The removed device's tombstone is gone: its id may be registered again. */
        FORGOTTEN,
        /** No tombstone stands for that id (never removed, or it has expired): nothing changed. */
        NOT_REMOVED
    }

    /**
     * Enables a disabled device again (an administrator's change), with the user's activity entry in
     * the same transaction. It counts as activity: the cleanup's staleness clock starts again at {@code now}.
     */
    AdminResult enable(UserKey user, String deviceId, Instant now);

    /**
     * Lifts the tombstone the cleanup left for a removed device (an administrator's change), with the
     * user's activity entry in the same transaction, so the device may be registered again as new.
     */
    AdminResult forgetRemoved(UserKey user, String deviceId, Instant now);

    enum SignInResult { RECORDED, ALREADY_FRESH, NOT_FOUND }

    /**
     * Records a sign-in at {@code at}, but only when the stored time is older than {@code granularity}
     * (a read first, so a busy device costs a cheap read, not a write), and never moves it backwards.
     */
    SignInResult recordSignIn(UserKey user, String deviceId, Instant at, Duration granularity);
}
