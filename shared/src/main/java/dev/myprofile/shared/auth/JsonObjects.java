package dev.myprofile.shared.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.myprofile.shared.json.Json;

import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A token's header and claims, and a key set, read into plain maps with the layer's Jackson (strict
 * about duplicate names, bounded nesting), so that the token path needs no second JSON library:
 * Nimbus's own parsers read through its bundled Gson. Objects become maps, arrays lists, numbers
 * {@link Number}s, and {@code null} stays {@code null}.
 */
final class JsonObjects {
    private JsonObjects() {}

    static Map<String, Object> parse(byte[] json) throws ParseException {
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            return object(parser);
        } catch (IOException | RuntimeException e) {
            throw new ParseException("not a JSON object: " + e.getClass().getSimpleName(), 0);
        }
    }

    static Map<String, Object> parse(String json) throws ParseException {
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            return object(parser);
        } catch (IOException | RuntimeException e) {
            throw new ParseException("not a JSON object: " + e.getClass().getSimpleName(), 0);
        }
    }

    private static Map<String, Object> object(JsonParser parser) throws IOException, ParseException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new ParseException("not a JSON object", 0);
        }
        Map<String, Object> object = members(parser);
        if (parser.nextToken() != null) {
            throw new ParseException("text after the JSON object", 0);
        }
        return object;
    }

    private static Map<String, Object> members(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.put(name, value(parser));
        }
        return object;
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return members(parser);
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                return list;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + token);
        }
    }

    /** A string member, or null when absent or null; another type is an error. */
    static String string(Map<String, Object> object, String name) throws ParseException {
        Object value = object.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new ParseException("the " + name + " member is not a string", 0);
    }

    /** A list of strings, or null when absent or null; another type is an error. */
    static List<String> strings(Map<String, Object> object, String name) throws ParseException {
        Object value = object.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            List<String> strings = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw new ParseException("the " + name + " member is not a list of strings", 0);
                }
                strings.add(s);
            }
            return strings;
        }
        throw new ParseException("the " + name + " member is not a list of strings", 0);
    }

    /** A number member as a whole number (a fraction is cut off, as Nimbus did), or null when absent. */
    static Long number(Map<String, Object> object, String name) throws ParseException {
        Object value = object.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new ParseException("the " + name + " member is not a number", 0);
    }
}
