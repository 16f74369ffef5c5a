package dev.wskit.codec;

import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;

/**
 * {@link ServerMessage} to JSON text. A room calls it once per broadcast and hands the same string to every member.
 * Stateless; thread-safe.
 */
public final class ServerMessageEncoder implements Encoder.Text<ServerMessage> {

    @Override
    public String encode(ServerMessage message) throws EncodeException {
        if (message == null) {
            throw new EncodeException(null, "no message");
        }
        if (message instanceof ServerMessage.Said m) {
            return Json.write(g -> {
                g.writeStringField("type", "say");
                g.writeStringField("room", m.room());
                g.writeNumberField("seq", m.seq());
                g.writeNumberField("time", m.time());
                g.writeStringField("nick", m.nick());
                g.writeStringField("text", m.text());
            });
        }
        if (message instanceof ServerMessage.Presence m) {
            return Json.write(g -> {
                g.writeStringField("type", "presence");
                g.writeStringField("room", m.room());
                g.writeNumberField("seq", m.seq());
                g.writeNumberField("time", m.time());
                g.writeStringField("event", m.event());
                g.writeStringField("nick", m.nick());
                if (m.event().equals("here") || !m.members().isEmpty()) {
                    g.writeArrayFieldStart("members");
                    for (String member : m.members()) {
                        g.writeString(member);
                    }
                    g.writeEndArray();
                }
                if (m.epoch() != null) {
                    g.writeStringField("epoch", m.epoch());
                }
            });
        }
        if (message instanceof ServerMessage.History m) {
            return Json.write(g -> {
                g.writeStringField("type", "history");
                g.writeStringField("room", m.room());
                g.writeNumberField("since", m.since());
                g.writeNumberField("count", m.count());
                g.writeNumberField("time", m.time());
                if (m.epoch() != null) {
                    g.writeStringField("epoch", m.epoch());
                }
            });
        }
        if (message instanceof ServerMessage.Gap m) {
            return Json.write(g -> {
                g.writeStringField("type", "gap");
                g.writeStringField("room", m.room());
                g.writeNumberField("since", m.since());
                g.writeNumberField("first", m.first());
                g.writeNumberField("time", m.time());
                if (m.epoch() != null) {
                    g.writeStringField("epoch", m.epoch());
                }
                g.writeBooleanField("restarted", m.restarted());
            });
        }
        ServerMessage.Error m = (ServerMessage.Error) message;
        return Json.write(g -> {
            g.writeStringField("type", "error");
            g.writeStringField("code", m.code());
            g.writeStringField("message", m.message());
            g.writeNumberField("time", m.time());
        });
    }
}
