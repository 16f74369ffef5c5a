package dev.wskit.client.rooms;

import dev.wskit.client.Inbox;
import dev.wskit.codec.Attachment;
import dev.wskit.codec.AttachmentDecoder;
import dev.wskit.codec.AttachmentEncoder;
import dev.wskit.codec.ClientMessage;
import dev.wskit.codec.ClientMessageEncoder;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageDecoder;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EncodeException;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A member of a wskit room ({@code /rooms/{room}}), speaking the room protocol through the server's own codecs:
 * {@link ClientMessage} and {@link Attachment} out, {@link ServerMessage} and {@link Attachment} in. What arrives
 * goes to an {@link Inbox} (each message a {@link ServerMessage} or an {@link Attachment}); {@code rooms} prints it,
 * the rooms bench checks it.
 *
 * <p>Threading: the container calls the {@code On*} methods one at a time per connection, and so the inbox.
 * {@link #send} uses the blocking remote and must be called by one thread at a time per connection (the command's
 * loop, or a bench publisher).
 */
@ClientEndpoint(encoders = {ClientMessageEncoder.class, AttachmentEncoder.class},
        decoders = {ServerMessageDecoder.class, RoomClient.Attachments.class})
public final class RoomClient {

    /** Largest attachment accepted: the most any wskit may be configured to relay ({@code wskit.rooms.maxAttachmentSize}). */
    public static final long MAX_ATTACHMENT = 64L * 1024 * 1024;

    /**
     * The server's {@link AttachmentDecoder}, bounded by the most a server may allow rather than by this JVM's
     * settings, which describe no server. Thread-safe, as the decoder it wraps.
     */
    public static final class Attachments implements Decoder.Binary<Attachment> {
        private final AttachmentDecoder decoder = new AttachmentDecoder(MAX_ATTACHMENT);

        @Override
        public Attachment decode(ByteBuffer bytes) throws DecodeException {
            return decoder.decode(bytes);
        }

        @Override
        public boolean willDecode(ByteBuffer bytes) {
            return decoder.willDecode(bytes);
        }
    }

    private final Inbox<Object> inbox;
    private volatile Session session;

    public RoomClient(Inbox<Object> inbox) {
        this.inbox = inbox;
    }

    /** Binds the connected session; call once, right after connecting. */
    public void bind(Session connected) {
        this.session = connected;
    }

    public Session session() {
        return session;
    }

    /** Sends a join, say or history request. */
    public void send(ClientMessage message) throws IOException, EncodeException {
        session.getBasicRemote().sendObject(message);
    }

    /** Sends a file (seq, time and sender are filled in by the room). */
    public void send(Attachment attachment) throws IOException, EncodeException {
        session.getBasicRemote().sendObject(attachment);
    }

    @OnMessage
    public void text(ServerMessage message) {
        inbox.received(message);
    }

    @OnMessage
    public void binary(Attachment attachment) {
        inbox.received(attachment);
    }

    @OnClose
    public void close(CloseReason reason) {
        inbox.closed(reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    @OnError
    public void error(Throwable failure) {
        inbox.error(failure);
    }
}
