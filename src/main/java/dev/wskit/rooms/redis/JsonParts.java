package dev.wskit.rooms.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The parts of a room broadcast the node encodes, around the {@code "seq"} and {@code "time"} fields the publish
 * script fills in: {@code {"type":"say","room":"lobby",} before them, {@code "nick":"alice","text":"hi"}} after them.
 * Written by jackson-core like {@code dev.wskit.codec.ServerMessageEncoder}, so the frame the script assembles is byte
 * for byte the one that encoder writes (RoomStoreTest compares them). Stateless; thread-safe.
 */
final class JsonParts {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonParts() {
    }

    /** {@code {"type":TYPE,"room":ROOM,}}. */
    static String head(String type, String room) {
        return object(g -> {
            g.writeStringField("type", type);
            g.writeStringField("room", room);
        }, false) + ",";
    }

    /** {@code "nick":NICK,"text":TEXT}}. */
    static String sayTail(String nick, String text) {
        return object(g -> {
            g.writeStringField("nick", nick);
            g.writeStringField("text", text);
        }, true);
    }

    /** {@code "event":EVENT,"nick":NICK}}. */
    static String presenceTail(String event, String nick) {
        return object(g -> {
            g.writeStringField("event", event);
            g.writeStringField("nick", nick);
        }, true);
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** The object's text without its opening brace (a tail), or without its closing brace (a head). */
    private static String object(Fields fields, boolean tail) {
        StringWriter out = new StringWriter(96);
        String s;
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            if (tail) {
                g.writeEndObject();
            }
            g.flush();
            s = out.toString(); // before close(), which would end a head's object
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tail ? s.substring(1) : s;
    }
}
