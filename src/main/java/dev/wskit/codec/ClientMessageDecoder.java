package dev.wskit.codec;

import dev.wskit.config.Setting;
import dev.wskit.echo.Utf8;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import java.util.Map;

/**
 * JSON text to {@link ClientMessage}. Unknown fields are ignored (newer clients), unknown types are not.
 * Stateless apart from its size bound; thread-safe.
 */
public final class ClientMessageDecoder implements Decoder.Text<ClientMessage> {

    private final long maxBytes;

    /** Bounded by {@code wskit.rooms.maxTextMessageSize}. */
    public ClientMessageDecoder() {
        this(Setting.ROOMS_MAX_TEXT_MESSAGE_SIZE.defaultValue());
    }

    public ClientMessageDecoder(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean willDecode(String s) {
        return s != null && Json.looksLikeObject(s) && Utf8.length(s) <= maxBytes;
    }

    @Override
    public ClientMessage decode(String s) throws DecodeException {
        if (s == null) {
            throw new DecodeException((String) null, "no message");
        }
        long size = Utf8.length(s);
        if (size > maxBytes) {
            throw new DecodeException(s.substring(0, 64), "message of " + size + " bytes is over the limit of " + maxBytes);
        }
        Map<String, Object> f = Json.parseObject(s);
        Object type = f.get("type");
        if (!(type instanceof String t)) {
            throw new DecodeException(s, "field 'type' is missing; expected join, say or history");
        }
        switch (t) {
            case "join":
                return new ClientMessage.Join(Json.string(f, "nick", s), Json.optionalLong(f, "since", s));
            case "say":
                return new ClientMessage.Say(Json.string(f, "text", s));
            case "history":
                return new ClientMessage.History(Json.requiredLong(f, "since", s));
            default:
                throw new DecodeException(s, "unknown message type '" + t + "'; expected join, say or history");
        }
    }
}
