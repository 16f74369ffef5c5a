package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import dev.wskit.ops.Traffic;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Where an {@link Outbox} sends: a WebSocket session in production ({@link SessionTransport}), a recording fake in
 * unit tests. Implementations must accept {@code send*} from any thread, must call {@code done} exactly once per
 * send (on any thread, possibly before {@code send*} returns), and must never block in {@link #close}.
 */
public interface Transport {

    /** Starts sending; {@code done} receives {@code null} on success or the failure. */
    void sendText(String text, Consumer<Throwable> done);

    /** Starts sending; {@code done} receives {@code null} on success or the failure. */
    void sendBinary(ByteBuffer bytes, Consumer<Throwable> done);

    /**
     * Starts sending a reply, encoded by the endpoint's declared encoder ({@code sendObject}); {@code done} receives
     * {@code null} on success or the failure, an encoding failure included.
     */
    void sendObject(ServerMessage message, Consumer<Throwable> done);

    /** Closes the connection with this code and reason, without waiting for it. */
    void close(CloseCodes code, String reason);

    /** For logs. */
    String id();

    /** Where the outbox and the room report sends, overflows and resumes (metrics, connection log); none by default. */
    default Traffic traffic() {
        return Traffic.NONE;
    }

    /**
     * The failure a transport reports when a send did not complete within its send timeout ({@code wskit.sendTimeout}):
     * the peer stopped reading. Its message is the close reason the member gets. Immutable.
     */
    final class SendTimedOut extends IOException {

        private static final long serialVersionUID = 1L;

        public SendTimedOut(long timeoutMillis, Throwable cause) {
            super("too slow: a message to you was not sent within " + timeoutMillis + " ms (wskit.sendTimeout)", cause);
        }
    }
}
