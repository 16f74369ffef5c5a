package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import dev.wskit.runtime.Failures;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A {@link Transport} over a JSR-356 session: asynchronous sends with a completion handler (the {@link Outbox}
 * keeps one in flight), and closes handed to an executor, because a close may block on some containers while a
 * send to a reader that has stopped reading is in flight.
 *
 * <p>Every send is bounded in time: the session's asynchronous send timeout is set to {@code wskit.sendTimeout}, so a
 * send to a member that stopped reading fails after it ({@link Transport.SendTimedOut}) instead of staying in flight
 * until the idle timeout; the outbox then closes the member with 1008 and a reason naming the setting. Both
 * containers drop the connection when a send times out (the peer does not read, so no close frame can reach it).
 *
 * <p>A close asked for while a send is in flight waits for that send to complete (or fail, or time out), then goes
 * out. Tomcat 11 otherwise waits for the stalled write inside {@code close} by juggling the connection's processor
 * from a foreign thread, and when the peer resumes reading at that moment the connection was seen to drop without a
 * close frame (the slow-member contract test on embedded Tomcat).
 *
 * <p>Thread-safe: the in-flight count and the pending close are guarded by {@code lock}, never held while sending or
 * closing.
 */
public final class SessionTransport implements Transport {

    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());

    private final Session session;
    private final Executor closer;
    private final long sendTimeout;
    private final Object lock = new Object();
    private int inFlight;
    private CloseReason pendingClose;

    /**
     * @param sendTimeout milliseconds a send may take ({@code wskit.sendTimeout}); set on the session's asynchronous
     *                    remote endpoint
     */
    public SessionTransport(Session session, Executor closer, long sendTimeout) {
        this.session = session;
        this.closer = closer;
        this.sendTimeout = sendTimeout;
        session.getAsyncRemote().setSendTimeout(sendTimeout);
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        send(done, handler -> session.getAsyncRemote().sendText(text, handler));
    }

    @Override
    public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
        send(done, handler -> session.getAsyncRemote().sendBinary(bytes, handler));
    }

    /** Encoded by the container with the endpoint's declared encoder. */
    @Override
    public void sendObject(ServerMessage message, Consumer<Throwable> done) {
        send(done, handler -> session.getAsyncRemote().sendObject(message, handler));
    }

    private void send(Consumer<Throwable> done, Consumer<SendHandler> start) {
        started();
        try {
            start.accept(result -> completed(done, failure(result)));
        } catch (RuntimeException e) {
            completed(null, null);
            throw closedOr(e);
        }
    }

    @Override
    public void close(CloseCodes code, String reason) {
        CloseReason close = code.reason(reason);
        synchronized (lock) {
            if (inFlight > 0) {
                if (pendingClose == null) {
                    pendingClose = close;
                }
                return;
            }
        }
        closeNow(close);
    }

    /** Whether a send is in flight or a close waits for one: a ping now would queue behind it. */
    public boolean busy() {
        synchronized (lock) {
            return inFlight > 0 || pendingClose != null;
        }
    }

    private void started() {
        synchronized (lock) {
            inFlight++;
        }
    }

    private void completed(Consumer<Throwable> done, Throwable failure) {
        try {
            if (done != null) {
                done.accept(failure);
            }
        } catch (RuntimeException e) {
            // The container would swallow it in its completion thread: say it here.
            LOG.log(Level.ERROR, session.getId() + " | send completion | failed: " + e, e);
        }
        CloseReason close = null;
        synchronized (lock) {
            inFlight--;
            if (inFlight == 0 && pendingClose != null) {
                close = pendingClose;
                pendingClose = null;
            }
        }
        if (close != null) {
            closeNow(close);
        }
    }

    private void closeNow(CloseReason close) {
        closer.execute(() -> {
            try {
                session.close(close);
            } catch (IOException | RuntimeException e) {
                Failures.log(LOG, session.getId(), "close failed", session.isOpen() ? e : closed(e));
            }
        });
    }

    @Override
    public String id() {
        return session.getId();
    }

    private Throwable failure(SendResult result) {
        if (result.isOK()) {
            return null;
        }
        Throwable failure = result.getException() != null ? result.getException() : new IOException("send failed");
        return timedOut(failure) ? new SendTimedOut(sendTimeout, failure) : failure;
    }

    /** Jetty: WebSocketWriteTimeoutException; Tomcat: SocketTimeoutException. */
    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException
                    || t.getClass().getName().endsWith("WriteTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** A send refused because the session is closed (Tomcat throws IllegalStateException) is the peer leaving. */
    private RuntimeException closedOr(RuntimeException e) {
        return session.isOpen() ? e : new IllegalStateException(closed(e));
    }

    private static ClosedChannelException closed(Throwable cause) {
        ClosedChannelException closed = new ClosedChannelException();
        closed.initCause(cause);
        return closed;
    }
}
