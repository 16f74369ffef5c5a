package dev.wskit.client.rooms;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.AttachmentDecoder;
import dev.wskit.codec.AttachmentEncoder;
import dev.wskit.codec.ClientMessage;
import dev.wskit.codec.ClientMessageEncoder;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageDecoder;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EncodeException;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import java.io.IOException;

/**
 * A member of a wskit room ({@code /rooms/{room}}), speaking the room protocol through the server's own codecs:
 * {@link ClientMessage} and {@link Attachment} out, {@link ServerMessage} and {@link Attachment} in. What arrives
 * goes to a {@link Listener}; {@code rooms} prints it, the rooms bench checks it.
 *
 * <p>Threading: the container calls the {@code On*} methods one at a time per connection, and so the listener.
 * {@link #send} uses the blocking remote and must be called by one thread at a time per connection (the command's
 * loop, or a bench publisher).
 */
@ClientEndpoint(encoders = {ClientMessageEncoder.class, AttachmentEncoder.class},
        decoders = {ServerMessageDecoder.class, RoomClient.Attachments.class})
public final class RoomClient {

    /** What a room member hears. Called on the container's threads, one event at a time per connection. */
    public interface Listener {
        void message(ServerMessage message);

        void attachment(Attachment attachment);

        void closed(int code, String reason);

        void error(Throwable failure);
    }

    /** Largest attachment accepted: the most any wskit may be configured to relay ({@code wskit.rooms.maxAttachmentSize}). */
    public static final long MAX_ATTACHMENT = 64L * 1024 * 1024;

    /**
     * The server's {@link AttachmentDecoder}, bounded by the most a server may allow rather than by this JVM's
     * settings, which describe no server. Thread-safe, as the decoder it wraps.
     */
    public static final class Attachments implements jakarta.websocket.Decoder.Binary<Attachment> {
        private final AttachmentDecoder decoder = new AttachmentDecoder(MAX_ATTACHMENT);

        @Override
        public Attachment decode(java.nio.ByteBuffer bytes) throws jakarta.websocket.DecodeException {
            return decoder.decode(bytes);
        }

        @Override
        public boolean willDecode(java.nio.ByteBuffer bytes) {
            return decoder.willDecode(bytes);
        }
    }

    private final Listener listener;
    private volatile Session session;

    public RoomClient(Listener listener) {
        this.listener = listener;
    }

    /** Binds the connected session; call once, right after connecting. */
    public void bind(Session connected) {
        this.session = connected;
    }

    public Listener listener() {
        return listener;
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
        listener.message(message);
    }

    @OnMessage
    public void binary(Attachment attachment) {
        listener.attachment(attachment);
    }

    @OnClose
    public void close(CloseReason reason) {
        listener.closed(reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    @OnError
    public void error(Throwable failure) {
        listener.error(failure);
    }
}
