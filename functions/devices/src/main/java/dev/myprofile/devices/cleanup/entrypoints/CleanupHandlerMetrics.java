package dev.myprofile.devices.cleanup.entrypoints;

import dev.myprofile.devices.cleanup.DeviceCleanup;
import dev.myprofile.shared.log.Metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** The cleanup's counts as CloudWatch metrics (namespace MyProfile, dimensions Job and DryRun). */
public final class CleanupHandlerMetrics {
    static final String NAMESPACE = "MyProfile";

    private CleanupHandlerMetrics() {}

    /** One embedded-metric-format line: CloudWatch turns it into metrics without any API call. */
    public static String line(DeviceCleanup.Report report) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Job", "DeviceCleanup");
        dimensions.put("DryRun", Boolean.toString(report.dryRun()));
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("DevicesExamined", report.examined());
        counts.put("DevicesDisabled", report.disabled());
        counts.put("DevicesDeleted", report.deleted());
        counts.put("DevicesSkipped", report.skipped());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("runId", report.runId());
        properties.put("status", report.status());
        return Metrics.line(NAMESPACE, dimensions, counts, properties, System.currentTimeMillis());
    }
}
