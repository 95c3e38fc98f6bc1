package dev.myprofile.shared.log;

import dev.myprofile.shared.json.Json;

import java.util.Map;

/**
 * Counts as CloudWatch's embedded metric format: one JSON line on standard output that CloudWatch
 * turns into metrics, with no API call and no extra dependency.
 */
public final class Metrics {
    private Metrics() {}

    /**
     * @param dimensions name → value, in the order CloudWatch should group them
     * @param counts     metric name → count (unit Count)
     * @param properties more fields for whoever reads the line (not metrics)
     */
    public static String line(String namespace, Map<String, String> dimensions, Map<String, Long> counts,
                              Map<String, String> properties, long timestampMillis) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", timestampMillis);
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", namespace);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            for (String dimension : dimensions.keySet()) {
                g.writeString(dimension);
            }
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (String name : counts.keySet()) {
                g.writeStartObject();
                g.writeStringField("Name", name);
                g.writeStringField("Unit", "Count");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            for (var dimension : dimensions.entrySet()) {
                g.writeStringField(dimension.getKey(), dimension.getValue());
            }
            for (var count : counts.entrySet()) {
                g.writeNumberField(count.getKey(), count.getValue());
            }
            for (var property : properties.entrySet()) {
                g.writeStringField(property.getKey(), property.getValue());
            }
            g.writeEndObject();
        });
    }
}
