package dev.myprofile.devices.cleanup.entrypoints;

import com.amazonaws.services.lambda.runtime.Context;
import dev.myprofile.devices.cleanup.CleanupSettings;
import dev.myprofile.devices.cleanup.DeviceCleanup;
import dev.myprofile.devices.cleanup.store.DynamoCleanupStore;
import dev.myprofile.shared.events.EventFunction;
import dev.myprofile.shared.log.Log;
import dev.myprofile.shared.platform.Platform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The scheduled stale-device cleanup. Invoked by the daily schedule (a new run) and by a frequent
 * "resume" schedule ({@code {"resumeOnly": true}}) that carries on a run cut short; {@code "dryRun":
 * true} in the event (or the DryRun parameter) reports without writing. Reports its counts as
 * CloudWatch metrics in the embedded metric format, and as a log line. No API route reaches it, so no
 * user token can run it.
 */
public final class CleanupHandler extends EventFunction {
    private final DeviceCleanup cleanup;

    public CleanupHandler() {
        this(Platform.fromEnvironment());
    }

    public CleanupHandler(Platform platform) {
        this.cleanup = new DeviceCleanup(
                new DynamoCleanupStore(platform.dynamo(), platform.table()),
                CleanupSettings.from(platform.config()),
                platform.clock());
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> input, Context context) {
        String runId = input.get("id") instanceof String id && !id.isBlank() ? id : UUID.randomUUID().toString();
        DeviceCleanup.Report report = cleanup.run(runId, Boolean.TRUE.equals(input.get("dryRun")),
                Boolean.TRUE.equals(input.get("resumeOnly")), context::getRemainingTimeInMillis);
        System.out.println(CleanupHandlerMetrics.line(report));
        Log.info("cleanup.report", "runId", report.runId(), "status", report.status(), "dryRun", report.dryRun(),
                "examined", report.examined(), "disabled", report.disabled(), "deleted", report.deleted(),
                "skipped", report.skipped(), "totalExamined", report.totalExamined(),
                "totalDisabled", report.totalDisabled(), "totalDeleted", report.totalDeleted(),
                "totalSkipped", report.totalSkipped());
        return asMap(report);
    }

    private static Map<String, Object> asMap(DeviceCleanup.Report report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("runId", report.runId());
        map.put("status", report.status());
        map.put("dryRun", report.dryRun());
        map.put("examined", report.examined());
        map.put("disabled", report.disabled());
        map.put("deleted", report.deleted());
        map.put("skipped", report.skipped());
        map.put("totalExamined", report.totalExamined());
        map.put("totalDisabled", report.totalDisabled());
        map.put("totalDeleted", report.totalDeleted());
        map.put("totalSkipped", report.totalSkipped());
        return map;
    }
}
