package dev.myprofile.organizations.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.myprofile.organizations.model.PortalData;
import dev.myprofile.shared.dynamodb.ItemKind;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.shared.json.Json;
import dev.myprofile.shared.log.Log;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * "Download my data": every item of the user's partition as one JSON document, read a page of the
 * partition at a time, so memory holds one page whatever the account's size.
 *
 * <p>The document (version {@value #VERSION}): {@code {"version", "exportedAt", "kinds": [...ids],
 * then one field per kind of {@link PortalData}, in sort-key order: a list for kinds the user has
 * many of, an object or null for the others, then {@code other}: every item of no known kind, exported
 * as it is (every attribute, keys included), then {@code signInService}: what the sign-in service keeps
 * ({@link SignInServiceRecord}; null with another OpenID provider)}}. Each known item carries only its
 * kind's listed fields, as stored (strings, numbers, booleans); expired activity entries are left out,
 * as on the page. Nothing of the partition is dropped (SECURITY.md).
 *
 * <p>The partition's sort-key order is not the kinds' order (the email's {@code METHOD#email} sorts
 * after the password's {@code METHOD#PASSWORD}, inside the methods' prefix), so each kind's items are
 * spooled to their own temporary file as they are read and the document is assembled from the spools.
 */
public final class DataExport {
    public static final int VERSION = 1;
    /** The field of the items no kind knows, exported as they are. */
    public static final String OTHER = "other";
    /** Items a page: DynamoDB also stops at 1 MB, so memory holds at most one such page. */
    private static final int PAGE = 2_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final List<PortalData.Kind> kinds;
    private final List<ItemKind> registered;
    private final Map<ItemKind, PortalData.Kind> byItem = new HashMap<>();

    public DataExport(DynamoDbClient dynamo, String table, List<PortalData.Kind> kinds) {
        this.dynamo = dynamo;
        this.table = table;
        this.kinds = kinds.stream().sorted(Comparator.comparing(PortalData.Kind::sortKey)).toList();
        this.registered = this.kinds.stream().map(PortalData.Kind::item).toList();
        this.kinds.forEach(kind -> byItem.put(kind.item(), kind));
    }

    /** What was written: items exported by their kind, items of no known kind (exported as they are), and queries. */
    public record Summary(long items, long unknown, long requests) {}

    /** One kind's items, written to a temporary file as they are read: a JSON array. */
    private static final class Spool implements Closeable {
        private final Path file;
        private final JsonGenerator g;
        private long count;

        Spool() throws IOException {
            this.file = Files.createTempFile("export-kind-", ".json");
            this.g = Json.FACTORY.createGenerator(Files.newOutputStream(file));
            g.writeStartArray();
        }

        /** Ends the array and copies it (all of it, or its first element for a single kind) onto {@code out}. */
        void copyTo(JsonGenerator out, boolean many) throws IOException {
            g.writeEndArray();
            g.close();
            try (JsonParser parser = Json.FACTORY.createParser(Files.newInputStream(file))) {
                parser.nextToken();
                if (many) {
                    out.copyCurrentStructure(parser);
                } else {
                    parser.nextToken();
                    out.copyCurrentStructure(parser);
                }
            }
        }

        @Override
        public void close() throws IOException {
            g.close();
            Files.deleteIfExists(file);
        }
    }

    /** The document, with {@code more} writing its last fields (what the sign-in service keeps). */
    public Summary write(UserKey user, Instant now, OutputStream out, Json.Writer more) throws IOException {
        long items = 0;
        long unknown = 0;
        long requests = 0;
        Map<PortalData.Kind, Spool> spools = new HashMap<>();
        Spool other = null;
        try {
            other = new Spool();
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
                    // The registry's most specific kind holds the item (the password's key shares the methods' prefix).
                    PortalData.Kind kind = ItemKinds.of(sk, registered).map(byItem::get).orElse(null);
                    if (kind == null) {
                        writeAsItIs(other.g, item);
                        other.count++;
                        unknown++;
                        continue;
                    }
                    if (expired(item, now)) {
                        continue;
                    }
                    Spool spool = spools.get(kind);
                    if (spool == null) {
                        spool = new Spool();
                        spools.put(kind, spool);
                    }
                    writeItem(spool.g, kind, item);
                    spool.count++;
                    items++;
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
                g.writeStartObject();
                g.writeNumberField("version", VERSION);
                g.writeStringField("exportedAt", now.toString());
                g.writeArrayFieldStart("kinds");
                for (PortalData.Kind kind : kinds) {
                    g.writeString(kind.id());
                }
                g.writeEndArray();
                for (PortalData.Kind kind : kinds) {
                    g.writeFieldName(kind.id());
                    Spool spool = spools.get(kind);
                    if (spool != null) {
                        spool.copyTo(g, kind.many());
                    } else if (kind.many()) {
                        g.writeStartArray();
                        g.writeEndArray();
                    } else {
                        g.writeNull();
                    }
                }
                g.writeFieldName(OTHER);
                other.copyTo(g, true);
                more.write(g);
                g.writeEndObject();
            }
        } finally {
            for (Spool spool : spools.values()) {
                spool.close();
            }
            if (other != null) {
                other.close();
            }
        }
        if (unknown > 0) {
            Log.warn("export.unknown_items", "count", unknown, "exported", "as-is");
        }
        return new Summary(items, unknown, requests);
    }

    private static boolean expired(Map<String, AttributeValue> item, Instant now) {
        return Items.number(item, "expiresAt").map(at -> at <= now.getEpochSecond()).orElse(false)
                && ItemKinds.ACTIVITY.entity().equals(Items.string(item, "entity").orElse(""));
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

    /** An item of no known kind, every attribute as DynamoDB holds it (sets as lists, binary as base64). */
    private static void writeAsItIs(JsonGenerator g, Map<String, AttributeValue> item) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, AttributeValue> attribute : new TreeMap<>(item).entrySet()) {
            g.writeFieldName(attribute.getKey());
            writeValue(g, attribute.getValue());
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, AttributeValue value) throws IOException {
        if (value.s() != null) {
            g.writeString(value.s());
        } else if (value.n() != null) {
            g.writeNumber(value.n());
        } else if (value.bool() != null) {
            g.writeBoolean(value.bool());
        } else if (value.b() != null) {
            g.writeString(Base64.getEncoder().encodeToString(value.b().asByteArray()));
        } else if (value.hasSs()) {
            g.writeStartArray();
            for (String s : value.ss()) {
                g.writeString(s);
            }
            g.writeEndArray();
        } else if (value.hasNs()) {
            g.writeStartArray();
            for (String n : value.ns()) {
                g.writeNumber(n);
            }
            g.writeEndArray();
        } else if (value.hasBs()) {
            g.writeStartArray();
            for (var b : value.bs()) {
                g.writeString(Base64.getEncoder().encodeToString(b.asByteArray()));
            }
            g.writeEndArray();
        } else if (value.hasL()) {
            g.writeStartArray();
            for (AttributeValue element : value.l()) {
                writeValue(g, element);
            }
            g.writeEndArray();
        } else if (value.hasM()) {
            writeAsItIs(g, value.m());
        } else {
            g.writeNull();
        }
    }
}
