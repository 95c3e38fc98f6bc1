package dev.myprofile.cleanup.entrypoints;

import dev.myprofile.cleanup.DeviceCleanup;
import dev.myprofile.shared.json.Json;

/**
 * The cleanup's counts in CloudWatch's embedded metric format: a log line that CloudWatch turns into
 * metrics (namespace MyProfile, dimensions Job and DryRun) without any API call or extra dependency.
 */
public final class CleanupHandlerMetrics {
    static final String NAMESPACE = "MyProfile";

    private CleanupHandlerMetrics() {}

    /** One embedded-metric-format line: CloudWatch turns it into metrics without any API call. */
    public static String line(DeviceCleanup.Report report) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", System.currentTimeMillis());
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", NAMESPACE);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            g.writeString("Job");
            g.writeString("DryRun");
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (String name : new String[] {"DevicesExamined", "DevicesDisabled", "DevicesDeleted", "DevicesSkipped"}) {
                g.writeStartObject();
                g.writeStringField("Name", name);
                g.writeStringField("Unit", "Count");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeStringField("Job", "DeviceCleanup");
            g.writeStringField("DryRun", Boolean.toString(report.dryRun()));
            g.writeNumberField("DevicesExamined", report.examined());
            g.writeNumberField("DevicesDisabled", report.disabled());
            g.writeNumberField("DevicesDeleted", report.deleted());
            g.writeNumberField("DevicesSkipped", report.skipped());
            g.writeStringField("runId", report.runId());
            g.writeStringField("status", report.status());
            g.writeEndObject();
        });
    }
}
