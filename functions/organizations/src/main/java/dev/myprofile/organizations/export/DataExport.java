package dev.myprofile.organizations.export;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myprofile.organizations.model.PortalData;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.log.Log;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * "Download my data": every item of the user's partition as one JSON document, written as it is read
 * (a page of the partition at a time, so memory holds one page whatever the account's size).
 *
 * <p>The document (version {@value #VERSION}): {@code {"version", "exportedAt", "issuer"?, "kinds":
 * [...ids], then one field per kind of {@link PortalData}, in sort-key order: a list for kinds the
 * user has many of ({@code activity}, {@code devices}, {@code memberships}), an object or null for
 * the others ({@code profile}, {@code signOut}), then {@code signInService}: what the sign-in service
 * keeps ({@link SignInServiceRecord}; null with another OpenID provider)}}. Each item carries only its
 * kind's listed fields, as stored (strings, numbers, booleans); expired activity entries are left out,
 * as on the page.
 */
public final class DataExport {
    public static final int VERSION = 1;
    /** Items a page: DynamoDB also stops at 1 MB, so memory holds at most one such page. */
    private static final int PAGE = 2_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final List<PortalData.Kind> kinds;

    public DataExport(DynamoDbClient dynamo, String table, List<PortalData.Kind> kinds) {
        this.dynamo = dynamo;
        this.table = table;
        this.kinds = kinds.stream().sorted(Comparator.comparing(PortalData.Kind::sortKey)).toList();
    }

    /** What was written: items exported, and items of no known kind (left out, and logged). */
    public record Summary(long items, long unknown, long requests) {}

    /** The document, with {@code more} writing its last fields (what the sign-in service keeps). */
    public Summary write(UserKey user, Instant now, OutputStream out, Json.Writer more) throws IOException {
        long items = 0;
        long unknown = 0;
        long requests = 0;
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeStringField("exportedAt", now.toString());
            g.writeArrayFieldStart("kinds");
            for (PortalData.Kind kind : kinds) {
                g.writeString(kind.id());
            }
            g.writeEndArray();
            int next = 0;          // the first kind not yet opened
            PortalData.Kind current = null;
            boolean singleWritten = false;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", Items.s(user.partition())))
                        .limit(PAGE)
                        .exclusiveStartKey(from));
                requests++;
                for (Map<String, AttributeValue> item : page.items()) {
                    String sk = Items.string(item, Keys.SK).orElse("");
                    // The most specific kind holds the item (the password's key shares the methods' prefix).
                    PortalData.Kind kind = kinds.stream().filter(k -> k.holds(sk))
                            .max(java.util.Comparator.comparingInt((PortalData.Kind k) -> k.sortKey().length())).orElse(null);
                    if (kind == null) {
                        unknown++;
                        continue;
                    }
                    if (expired(item, now)) {
                        continue;
                    }
                    if (kind != current) {
                        close(g, current, singleWritten);
                        // Kinds the user has nothing of, between the last and this one: empty.
                        for (int i = next; i < kinds.size() && kinds.get(i) != kind; i++) {
                            empty(g, kinds.get(i));
                        }
                        next = kinds.indexOf(kind) + 1;
                        current = kind;
                        singleWritten = false;
                        g.writeFieldName(kind.id());
                        if (kind.many()) {
                            g.writeStartArray();
                        }
                    }
                    if (!kind.many() && singleWritten) {
                        continue;
                    }
                    writeItem(g, kind, item);
                    singleWritten = true;
                    items++;
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            close(g, current, singleWritten);
            for (int i = next; i < kinds.size(); i++) {
                empty(g, kinds.get(i));
            }
            more.write(g);
            g.writeEndObject();
        }
        if (unknown > 0) {
            Log.warn("export.unknown_items", "count", unknown);
        }
        return new Summary(items, unknown, requests);
    }

    private static boolean expired(Map<String, AttributeValue> item, Instant now) {
        return Items.number(item, "expiresAt").map(at -> at <= now.getEpochSecond()).orElse(false)
                && "Activity".equals(Items.string(item, "entity").orElse(""));
    }

    private static void close(JsonGenerator g, PortalData.Kind kind, boolean written) throws IOException {
        if (kind != null && kind.many()) {
            g.writeEndArray();
        } else if (kind != null && !written) {
            g.writeNull();
        }
    }

    private static void empty(JsonGenerator g, PortalData.Kind kind) throws IOException {
        g.writeFieldName(kind.id());
        if (kind.many()) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            g.writeNull();
        }
    }

    private static void writeItem(JsonGenerator g, PortalData.Kind kind, Map<String, AttributeValue> item) throws IOException {
        g.writeStartObject();
        for (String field : kind.fields()) {
            AttributeValue value = item.get(field);
            if (value == null) {
                continue;
            }
            if (value.s() != null) {
                g.writeStringField(field, value.s());
            } else if (value.n() != null) {
                g.writeFieldName(field);
                g.writeNumber(value.n());
            } else if (value.bool() != null) {
                g.writeBooleanField(field, value.bool());
            }
        }
        g.writeEndObject();
    }
}
