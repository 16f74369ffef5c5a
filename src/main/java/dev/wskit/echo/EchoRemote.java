package dev.wskit.echo;

import jakarta.websocket.SendHandler;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What an {@link EchoQueue} needs of a connection: the JSR-356 sends it uses, a close and a way to unstick a send.
 * {@link SessionRemote} is the real one; tests use a fake.
 *
 * <p>Threading: the queue calls at most one send at a time (its own rule); {@link #close} and {@link #abort} may come
 * from another thread while a send is blocked.
 */
interface EchoRemote {

    /** Starts an asynchronous send of a whole text message; {@code done} is told once it completes or fails. */
    void sendText(String text, SendHandler done);

    /** Starts an asynchronous send of a whole binary message; the buffer is not touched by the caller meanwhile. */
    void sendBinary(ByteBuffer data, SendHandler done);

    /** Sends a part of a text message, blocking until it is written (JSR-356 has no asynchronous partial send). */
    void sendText(String part, boolean last) throws IOException;

    /** Sends a part of a binary message, blocking until it is written. */
    void sendBinary(ByteBuffer part, boolean last) throws IOException;

    /** Sends a ping, blocking until it is written (both containers' pings block). */
    void sendPing(ByteBuffer payload) throws IOException;

    /** Closes the connection with a close frame; may block while the frame is written. */
    void close(int code, String reason) throws IOException;

    /**
     * Makes a send that is blocked on a client that does not read fail soon, by whatever the container allows; the
     * connection ends. May block for a moment.
     */
    void abort();

    /** Whether the connection is still open (a failed send to a closed one is the peer leaving, not a fault). */
    boolean isOpen();

    /** The session id, for the log. */
    String id();
}
