package dev.wskit.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EncodeException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flat JSON objects of the rooms protocol, read and written with jackson-core's streaming API: field values
 * are strings, whole numbers, booleans, null, or arrays of strings. Stateless and thread-safe (the factory is).
 */
final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** The fields of one JSON object, which must be the whole input. */
    static Map<String, Object> parseObject(String input) throws DecodeException {
        try (JsonParser p = FACTORY.createParser(input)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DecodeException(input, "a message must be a JSON object");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                if (fields.containsKey(name)) {
                    throw new DecodeException(input, "field '" + name + "' appears twice");
                }
                fields.put(name, value(p, p.nextToken(), input, name));
            }
            if (p.nextToken() != null) {
                throw new DecodeException(input, "unexpected content after the JSON object");
            }
            return fields;
        } catch (DecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DecodeException(input, "malformed JSON: " + firstLine(e.getMessage()), e);
        }
    }

    private static Object value(JsonParser p, JsonToken t, String input, String name) throws IOException, DecodeException {
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_TRUE:
            case VALUE_FALSE:
                return p.getBooleanValue();
            case VALUE_NULL:
                return null;
            case START_ARRAY:
                List<String> items = new ArrayList<>();
                for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
                    if (i != JsonToken.VALUE_STRING) {
                        throw new DecodeException(input, "field '" + name + "' must be an array of strings");
                    }
                    items.add(p.getText());
                }
                return items;
            default:
                throw new DecodeException(input, "field '" + name + "' has an unsupported value (" + t.asString() + ")");
        }
    }

    static String string(Map<String, Object> fields, String name, String input) throws DecodeException {
        Object v = fields.get(name);
        if (!(v instanceof String s)) {
            throw new DecodeException(input, "field '" + name + "' must be a string");
        }
        return s;
    }

    /** A string field, {@code null} when absent or null. */
    static String optionalString(Map<String, Object> fields, String name, String input) throws DecodeException {
        return fields.get(name) == null ? null : string(fields, name, input);
    }

    static Long optionalLong(Map<String, Object> fields, String name, String input) throws DecodeException {
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Long l) || l < 0) {
            throw new DecodeException(input, "field '" + name + "' must be a whole number, 0 or more");
        }
        return l;
    }

    static long requiredLong(Map<String, Object> fields, String name, String input) throws DecodeException {
        Long v = optionalLong(fields, name, input);
        if (v == null) {
            throw new DecodeException(input, "field '" + name + "' is missing");
        }
        return v;
    }

    /** A boolean field, false when absent or null. */
    static boolean optionalBoolean(Map<String, Object> fields, String name, String input) throws DecodeException {
        Object v = fields.get(name);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw new DecodeException(input, "field '" + name + "' must be true or false");
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Map<String, Object> fields, String name, String input) throws DecodeException {
        Object v = fields.get(name);
        if (!(v instanceof List<?>)) {
            throw new DecodeException(input, "field '" + name + "' must be an array of strings");
        }
        return (List<String>) v;
    }

    /** Writes one object; {@code body} fills in its fields. */
    static String write(Body body) throws EncodeException {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static boolean looksLikeObject(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
