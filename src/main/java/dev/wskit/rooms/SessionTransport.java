package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A {@link Transport} over a JSR-356 session: asynchronous sends with a completion handler (the {@link Outbox}
 * keeps one in flight), and closes handed to an executor, because a close may block on some containers while a
 * send to a reader that has stopped reading is in flight.
 *
 * <p>A close asked for while a send is in flight waits for that send to complete (or fail), then goes out. Tomcat
 * 11 otherwise waits for the stalled write inside {@code close} by juggling the connection's processor from a
 * foreign thread, and when the peer resumes reading at that moment the connection was seen to drop without a close
 * frame (the slow-member contract test on embedded Tomcat). A peer that never reads again is closed by the
 * container's idle timeout ({@code wskit.idleTimeout}); it has already left its room.
 *
 * <p>Thread-safe: the in-flight count and the pending close are guarded by {@code lock}, never held while sending or
 * closing.
 */
public final class SessionTransport implements Transport {

    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());

    private final Session session;
    private final Executor closer;
    private final Object lock = new Object();
    private int inFlight;
    private CloseReason pendingClose;

    public SessionTransport(Session session, Executor closer) {
        this.session = session;
        this.closer = closer;
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
            throw e;
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
        if (done != null) {
            done.accept(failure);
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
                LOG.log(Level.DEBUG, "{0} | close failed | {1}", session.getId(), e.toString());
            }
        });
    }

    @Override
    public String id() {
        return session.getId();
    }

    private static Throwable failure(SendResult result) {
        if (result.isOK()) {
            return null;
        }
        return result.getException() != null ? result.getException() : new IOException("send failed");
    }
}
