package dev.wskit.codec;

import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;

/** {@link ClientMessage} to JSON text, for Java clients and tests. Stateless; thread-safe. */
public final class ClientMessageEncoder implements Encoder.Text<ClientMessage> {

    @Override
    public String encode(ClientMessage message) throws EncodeException {
        if (message == null) {
            throw new EncodeException(null, "no message");
        }
        if (message instanceof ClientMessage.Join j) {
            return Json.write(g -> {
                g.writeStringField("type", "join");
                g.writeStringField("nick", j.nick());
                if (j.since() != null) {
                    g.writeNumberField("since", j.since());
                }
                if (j.epoch() != null) {
                    g.writeStringField("epoch", j.epoch());
                }
            });
        }
        if (message instanceof ClientMessage.Say s) {
            return Json.write(g -> {
                g.writeStringField("type", "say");
                g.writeStringField("text", s.text());
            });
        }
        if (!(message instanceof ClientMessage.History h)) {
            throw new EncodeException(message, "an unreadable message is what a server received, not one to send");
        }
        return Json.write(g -> {
            g.writeStringField("type", "history");
            g.writeNumberField("since", h.since());
            if (h.epoch() != null) {
                g.writeStringField("epoch", h.epoch());
            }
        });
    }
}
