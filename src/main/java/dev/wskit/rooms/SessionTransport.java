package dev.wskit.rooms;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A {@link Transport} over a JSR-356 session: asynchronous sends with a completion handler (the {@link Outbox}
 * keeps one in flight), and closes handed to an executor, because a close may block on some containers while a
 * send to a reader that has stopped reading is in flight. Thread-safe.
 */
public final class SessionTransport implements Transport {

    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());

    private final Session session;
    private final Executor closer;

    public SessionTransport(Session session, Executor closer) {
        this.session = session;
        this.closer = closer;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        session.getAsyncRemote().sendText(text, result -> done.accept(failure(result)));
    }

    @Override
    public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
        session.getAsyncRemote().sendBinary(bytes, result -> done.accept(failure(result)));
    }

    @Override
    public void close(int code, String reason) {
        CloseReason close = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), clip(reason));
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

    /** A close reason may hold 123 UTF-8 bytes. */
    static String clip(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= 123) {
            return reason;
        }
        int n = 120;
        while (n > 0 && (b[n] & 0xC0) == 0x80) {
            n--;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8) + "...";
    }
}
