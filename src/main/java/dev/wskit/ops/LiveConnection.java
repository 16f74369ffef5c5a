package dev.wskit.ops;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.Utf8;
import dev.wskit.web.Handshake;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open WebSocket connection as operations sees it: who and what it is (for the connection log), its traffic each
 * way, who closed it, and how to close it for a restart. The endpoint opens it first thing in {@code @OnOpen}
 * ({@link Connections#open}), reports what it receives, and ends it in {@code @OnClose}; the send paths report
 * through the {@link Traffic} hooks.
 *
 * <p>Threading: {@link #received}, {@link #receivedText} and {@link #measureText} are called by the container one
 * event at a time, like {@code @OnClose}, so their counts are plain fields. {@link #sent} is called by one thread at a time, in the order of the sends (a connection's
 * sends are serialized: the echo sends from its reading thread, a member's outbox starts one send after another under
 * its monitor), possibly a different thread each time, so its counts are written with release and read with acquire
 * semantics, without an atomic read-modify-write per message. {@link #ended} runs once.
 */
public final class LiveConnection implements Traffic {

    private static final System.Logger LOG = System.getLogger(LiveConnection.class.getName());
    private static final VarHandle SENT;
    private static final VarHandle SENT_BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SENT = lookup.findVarHandle(LiveConnection.class, "sent", long.class);
            SENT_BYTES = lookup.findVarHandle(LiveConnection.class, "sentBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Connections owner;
    private final EndpointMeters meters;
    private final Session session;
    private final Handshake handshake;
    private final boolean counting;
    private final String subprotocol;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean restarting = new AtomicBoolean();
    private final AtomicBoolean forced = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();

    private long received;
    private long receivedBytes;
    /** The last text part ended with a high surrogate: a pair split across parts is 4 bytes, not 3 + 3. */
    private boolean endedHigh;
    @SuppressWarnings("unused") // through SENT
    private long sent;
    @SuppressWarnings("unused") // through SENT_BYTES
    private long sentBytes;
    /** The code wskit closed with; 0 while wskit has not closed it. */
    private volatile int closing;
    /** How this connection is closed for a restart without cutting a send in flight; null: close the session. */
    private volatile Runnable restart;

    LiveConnection(Connections owner, EndpointMeters meters, Session session, Handshake handshake, boolean counting) {
        this.owner = owner;
        this.meters = meters;
        this.session = session;
        this.handshake = handshake;
        this.counting = counting;
        String p = session.getNegotiatedSubprotocol();
        this.subprotocol = p == null || p.isEmpty() ? null : p;
    }

    public Endpoint endpoint() {
        return meters.endpoint();
    }

    public String id() {
        return session.getId();
    }

    /** The gate's view of the handshake; {@code null} when the gate did not see it. */
    public Handshake handshake() {
        return handshake;
    }

    Session session() {
        return session;
    }

    /** A text part received; {@code last} ends the message. Measured only when it is counted. */
    public void receivedText(String part, boolean last) {
        if (counting) {
            measureText(part, last);
        }
    }

    /**
     * A text part received, as {@link #receivedText}, but measured even when nothing counts it: returns its UTF-8
     * bytes, for an endpoint that needs them too (the echo's limits), so each part is measured once. A surrogate pair
     * split across parts counts 4 bytes, in the part with its low half.
     */
    public long measureText(String part, boolean last) {
        long bytes = Utf8.length(part);
        if (endedHigh && !part.isEmpty() && Character.isLowSurrogate(part.charAt(0))) {
            bytes -= 2; // a pair split across parts is one 4-byte character, not two 3-byte ones
        }
        endedHigh = !last && !part.isEmpty() && Character.isHighSurrogate(part.charAt(part.length() - 1));
        received(bytes, last);
        return bytes;
    }

    /** A part of {@code bytes} received; {@code last} ends the message. Container thread only. */
    public void received(long bytes, boolean last) {
        if (counting) {
            receivedBytes += bytes;
            if (last) {
                received++;
            }
            meters.received(bytes, last);
        }
    }

    /** One thread at a time (see the class comment). */
    @Override
    public void sent(long bytes, boolean last) {
        if (counting) {
            SENT_BYTES.setRelease(this, (long) SENT_BYTES.getAcquire(this) + bytes);
            if (last) {
                SENT.setRelease(this, (long) SENT.getAcquire(this) + 1);
            }
            meters.sent(bytes, last);
        }
    }

    @Override
    public void closing(int code) {
        if (closing == 0) {
            closing = code;
        }
    }

    @Override
    public void overflowed() {
        owner.metrics().overflowed(endpoint());
    }

    @Override
    public void resumed(boolean complete) {
        owner.metrics().resumed(complete);
    }

    @Override
    public void refusedFull() {
        owner.metrics().refused("full");
    }

    /**
     * How to close this connection for a restart so that a send in flight finishes first (rooms: after the send the
     * outbox has started). Without one, a drain closes the session directly. The action must not block.
     */
    public void onRestart(Runnable action) {
        restart = action;
    }

    /** The drain's polite close: 1012 through the endpoint's own close path. Once. */
    void restart() {
        if (ended.get() || !restarting.compareAndSet(false, true)) {
            return;
        }
        closing(Connections.RESTART_CODE);
        Runnable action = restart;
        if (action != null) {
            action.run();
        } else {
            forceClose();
        }
    }

    /** Closes the session with 1012 on the closer, whatever is in flight (the drain's last step). Once. */
    void forceClose() {
        if (ended.get() || !forced.compareAndSet(false, true)) {
            return;
        }
        closing(Connections.RESTART_CODE);
        owner.closer().execute(() -> {
            try {
                session.close(CloseCodes.SERVICE_RESTART.reason(Connections.RESTART_REASON));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "{0} | close failed | {1}", id(), e.toString());
            }
        });
    }

    /** From {@code @OnClose}: counts the close, writes the connection log line, leaves the registry. Once. */
    public void ended(CloseReason reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        int code = reason.getCloseCode().getCode();
        String by = closing != 0 ? "server" : code == CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode() ? "none" : "client";
        owner.ended(this, code, by, reason.getReasonPhrase());
    }

    /** Milliseconds since it opened. */
    long ageMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    long receivedMessages() {
        return received;
    }

    long receivedBytes() {
        return receivedBytes;
    }

    long sentMessages() {
        return (long) SENT.getAcquire(this);
    }

    long sentBytes() {
        return (long) SENT_BYTES.getAcquire(this);
    }

    /** The negotiated subprotocol; {@code null} for none. */
    String subprotocol() {
        return subprotocol;
    }
}
