package dev.wskit.echo;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The {@link EchoRemote} of a JSR-356 session. The remotes are looked up once: an echo sends many messages.
 *
 * <p>{@link #abort()} unsticks a send blocked on a client that does not read, with standard calls whose effect is
 * each container's own (verified on both by {@code HostileClientsContract}):
 * <ul>
 *   <li>Jetty: a ping through the asynchronous remote with a 1 ms send timeout. Jetty queues pings ahead of data,
 *       and when any queued frame outlives its timeout it fails the whole connection's writer (FrameFlusher), which
 *       fails the blocked send and closes the connection. Jetty's blocking sends have no timeout of their own, and
 *       shrinking the idle timeout does not help against a client that keeps writing.</li>
 *   <li>Tomcat: its blocking sends read the session property {@code org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT}
 *       when they start; set to 1 ms, the ping cannot get the connection's write permit in time, and Tomcat closes
 *       the connection, which fails the blocked send.</li>
 *   <li>Elsewhere: the idle timeout shrinks to one second, which ends a client that went silent.</li>
 * </ul>
 *
 * <p>Threading: sends come from the echo's one sender at a time; {@link #close} and {@link #abort} from the closer.
 */
final class SessionRemote implements EchoRemote {

    private final Session session;
    private final RemoteEndpoint.Async async;
    private final RemoteEndpoint.Basic basic;
    private final long sendTimeout;

    SessionRemote(Session session, long sendTimeout) {
        this.session = session;
        this.async = session.getAsyncRemote();
        this.basic = session.getBasicRemote();
        this.sendTimeout = sendTimeout;
    }

    @Override
    public void sendText(String text, SendHandler done) {
        async.sendText(text, done);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler done) {
        async.sendBinary(data, done);
    }

    @Override
    public void sendText(String part, boolean last) throws IOException {
        basic.sendText(part, last);
    }

    @Override
    public void sendBinary(ByteBuffer part, boolean last) throws IOException {
        basic.sendBinary(part, last);
    }

    @Override
    public void sendPing(ByteBuffer payload) throws IOException {
        async.sendPing(payload);
    }

    /** Sends the close frame: blocking on Tomcat, for at most the send timeout (the session property); queued on Jetty. */
    @Override
    public void close(int code, String reason) throws IOException {
        session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    }

    @Override
    public void abort() {
        session.getUserProperties().put(EchoHub.TOMCAT_BLOCKING_SEND_TIMEOUT, 1L);
        try {
            session.setMaxIdleTimeout(1000);
            async.setSendTimeout(1);
            async.sendPing(ByteBuffer.allocate(0));
        } catch (IOException | RuntimeException e) {
            // Expected: the ping fails with the connection it was meant to end.
        }
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public String id() {
        return session.getId();
    }
}
