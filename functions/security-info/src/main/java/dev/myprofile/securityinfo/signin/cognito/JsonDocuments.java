package dev.myprofile.securityinfo.signin.cognito;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.myprofile.shared.json.Json;
import software.amazon.awssdk.core.document.Document;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cognito's passkey operations carry JSON documents (the creation options, the browser's response):
 * JSON text to the SDK's {@link Document} and back, with the layer's streaming Jackson (no data
 * binding, no reflection).
 */
final class JsonDocuments {
    private JsonDocuments() {}

    static Document parse(String json) {
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            Document document = read(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("content after the JSON value");
            }
            return document;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    private static Document read(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new IllegalArgumentException("no JSON value");
        }
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Document> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                yield Document.fromMap(map);
            }
            case START_ARRAY -> {
                List<Document> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(parser, next));
                }
                yield Document.fromList(list);
            }
            case VALUE_STRING -> Document.fromString(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Document.fromNumber(parser.getText());
            case VALUE_TRUE -> Document.fromBoolean(true);
            case VALUE_FALSE -> Document.fromBoolean(false);
            case VALUE_NULL -> Document.fromNull();
            default -> throw new IllegalArgumentException("unexpected " + token);
        };
    }

    static String write(Document document) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            write(g, document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Document document) throws IOException {
        if (document == null || document.isNull()) {
            g.writeNull();
        } else if (document.isMap()) {
            g.writeStartObject();
            for (Map.Entry<String, Document> entry : document.asMap().entrySet()) {
                g.writeFieldName(entry.getKey());
                write(g, entry.getValue());
            }
            g.writeEndObject();
        } else if (document.isList()) {
            g.writeStartArray();
            for (Document item : document.asList()) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (document.isString()) {
            g.writeString(document.asString());
        } else if (document.isBoolean()) {
            g.writeBoolean(document.asBoolean());
        } else if (document.isNumber()) {
            g.writeNumber(document.asNumber().stringValue());
        } else {
            g.writeNull();
        }
    }
}
