package dev.wskit.codec;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import java.util.List;
import java.util.Map;

/** JSON text to {@link ServerMessage}, for Java clients and tests. Stateless apart from its size bound; thread-safe. */
public final class ServerMessageDecoder implements Decoder.Text<ServerMessage> {

    /** The endpoint user property (a {@link Number}, UTF-8 bytes) that bounds a declared decoder, read in {@link #init}. */
    public static final String MAX_BYTES = "dev.wskit.codec.ServerMessageDecoder.maxBytes";

    /** The bound without {@link #MAX_BYTES}, generous: a presence message lists every member. */
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

    private volatile long maxBytes;

    public ServerMessageDecoder() {
        this(DEFAULT_MAX_BYTES);
    }

    public ServerMessageDecoder(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes the bound from the endpoint's {@link #MAX_BYTES} user property, when it has one. */
    @Override
    public void init(EndpointConfig config) {
        maxBytes = Bounds.read(config, MAX_BYTES, maxBytes);
    }

    @Override
    public boolean willDecode(String s) {
        return s != null && Json.looksLikeObject(s) && Utf8.length(s) <= maxBytes;
    }

    @Override
    public ServerMessage decode(String s) throws DecodeException {
        if (s == null) {
            throw new DecodeException((String) null, "no message");
        }
        if (Utf8.length(s) > maxBytes) {
            throw new DecodeException(s.substring(0, 64), "message is over the limit of " + maxBytes + " bytes");
        }
        Map<String, Object> f = Json.parseObject(s);
        Object type = f.get("type");
        if (!(type instanceof String t)) {
            throw new DecodeException(s, "field 'type' is missing");
        }
        try {
            return build(t, f, s);
        } catch (ArithmeticException e) {
            throw new DecodeException(s, "a number is out of range", e);
        }
    }

    private static ServerMessage build(String t, Map<String, Object> f, String s) throws DecodeException {
        switch (t) {
            case "say":
                return new ServerMessage.Said(Json.string(f, "room", s), Json.requiredLong(f, "seq", s),
                        Json.requiredLong(f, "time", s), Json.string(f, "nick", s), Json.string(f, "text", s));
            case "presence":
                return new ServerMessage.Presence(Json.string(f, "room", s), Json.requiredLong(f, "seq", s),
                        Json.requiredLong(f, "time", s), Json.string(f, "event", s), Json.string(f, "nick", s),
                        f.containsKey("members") ? Json.strings(f, "members", s) : List.of(),
                        Json.optionalString(f, "epoch", s));
            case "history":
                return new ServerMessage.History(Json.string(f, "room", s), Json.requiredLong(f, "since", s),
                        Math.toIntExact(Json.requiredLong(f, "count", s)), Json.requiredLong(f, "time", s),
                        Json.optionalString(f, "epoch", s));
            case "gap":
                return new ServerMessage.Gap(Json.string(f, "room", s), Json.requiredLong(f, "since", s),
                        Json.requiredLong(f, "first", s), Json.requiredLong(f, "time", s), Json.optionalString(f, "epoch", s),
                        Json.optionalBoolean(f, "restarted", s));
            case "error":
                return new ServerMessage.Error(Json.string(f, "code", s), Json.string(f, "message", s),
                        Json.requiredLong(f, "time", s));
            default:
                throw new DecodeException(s, "unknown message type '" + t + "'");
        }
    }
}
