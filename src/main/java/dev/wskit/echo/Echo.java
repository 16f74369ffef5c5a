package dev.wskit.echo;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.Utf8;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The replies of one echo connection: each message goes back with its type, byte for byte, part by part as its
 * fragments arrive, so a 16 MiB message never sits whole in memory. Applies the {@link EchoKnobs} and the size
 * limits, which are counted here, across parts, rather than left to the container.
 *
 * <p>Threading: the container delivers one message part at a time per session, and replies are sent blocking
 * from that thread. That keeps one send in flight per session and gives natural back-pressure: a client that does
 * not read its echoes stops being read. Server pings are control frames, which both containers allow between the
 * parts of a message; but a ping is a blocking send in both (Jakarta's async {@code sendPing} returns nothing to wait
 * on), queued behind any data frame the client is not reading. So the shared scheduler only decides that a ping is
 * due, and a ping sender thread sends it: never while an echo send is blocked (the data in flight says more than a
 * ping would), at most one in flight per connection, and none when every sender is busy.
 */
final class Echo {

    private static final System.Logger LOG = System.getLogger(Echo.class.getName());

    private final Session session;
    private final EchoKnobs knobs;
    private final long maxText;
    private final long maxBinary;
    private final long maxRepeat;
    private final ScheduledFuture<?> pings;
    private final Executor pingSenders;
    private final AtomicBoolean pingInFlight = new AtomicBoolean();
    /** True while the reading thread is inside an echo send; read by the timer thread. */
    private volatile boolean sending;

    private long replied;
    private long size;
    private boolean closing;
    /** A high surrogate held back from the previous text part, so no part sent ends half-way through a character. */
    private String carry = "";
    private boolean endedHigh;
    /** The whole message, kept only when {@code repeat > 1}: a copy can only be sent once it is complete. */
    private StringBuilder heldText;
    private byte[] heldBytes;
    private int heldLength;

    Echo(Session session, EchoKnobs knobs, Settings settings, ScheduledExecutorService scheduler,
            Executor pingSenders) {
        this.session = session;
        this.pingSenders = pingSenders;
        this.knobs = knobs;
        this.maxText = settings.get(Setting.ECHO_MAX_TEXT_MESSAGE_SIZE);
        this.maxBinary = settings.get(Setting.ECHO_MAX_BINARY_MESSAGE_SIZE);
        this.maxRepeat = settings.get(Setting.ECHO_MAX_REPEAT_MESSAGE_SIZE);
        long every = knobs.pingInterval().toMillis();
        // Fixed delay, not fixed rate: after a stall (a busy timer thread, a blocking ping on Tomcat) a fixed-rate
        // task fires all its missed runs back to back, and the client sees a burst of pings instead of an interval.
        this.pings = every > 0 ? scheduler.scheduleWithFixedDelay(this::ping, every, every, TimeUnit.MILLISECONDS) : null;
    }

    void text(String part, boolean last) throws IOException {
        if (closing) {
            return;
        }
        boolean first = size == 0 && carry.isEmpty() && heldText == null;
        long bytes = Utf8.length(part);
        if (endedHigh && !part.isEmpty() && Character.isLowSurrogate(part.charAt(0))) {
            bytes -= 2; // a pair split across parts is one 4-byte character, not two 3-byte ones
        }
        endedHigh = !part.isEmpty() && Character.isHighSurrogate(part.charAt(part.length() - 1));
        if (!admit(bytes, first, "Text", maxText, Setting.ECHO_MAX_TEXT_MESSAGE_SIZE)) {
            return;
        }
        if (knobs.repeat() > 1) {
            heldText = heldText == null ? new StringBuilder(part) : heldText.append(part);
            if (last) {
                String whole = heldText.toString();
                heldText = null;
                send(remote -> {
                    for (int i = 0; i < knobs.repeat(); i++) {
                        remote.sendText(whole);
                    }
                });
            }
        } else {
            String joined = carry.isEmpty() ? part : carry + part;
            carry = "";
            if (!last && !joined.isEmpty() && Character.isHighSurrogate(joined.charAt(joined.length() - 1))) {
                carry = joined.substring(joined.length() - 1);
                joined = joined.substring(0, joined.length() - 1);
            }
            String out = joined;
            send(remote -> remote.sendText(out, last));
        }
        if (last) {
            answered();
        }
    }

    void binary(ByteBuffer part, boolean last) throws IOException {
        if (closing) {
            return;
        }
        boolean first = size == 0 && heldBytes == null;
        if (!admit(part.remaining(), first, "Binary", maxBinary, Setting.ECHO_MAX_BINARY_MESSAGE_SIZE)) {
            return;
        }
        if (knobs.repeat() > 1) {
            hold(part);
            if (last) {
                ByteBuffer whole = ByteBuffer.wrap(heldBytes, 0, heldLength);
                heldBytes = null;
                heldLength = 0;
                send(remote -> {
                    for (int i = 0; i < knobs.repeat(); i++) {
                        remote.sendBinary(whole.duplicate());
                    }
                });
            }
        } else {
            send(remote -> remote.sendBinary(part, last));
        }
        if (last) {
            answered();
        }
    }

    /**
     * Counts a part of {@code bytes} against the message's limit (and the repeat buffer's, when repeating), and
     * waits out the delay knob before a message's first part. False when the message is too big: the connection is
     * then closing.
     */
    private boolean admit(long bytes, boolean first, String kind, long limit, Setting setting) throws IOException {
        size += bytes;
        if (size > limit) {
            tooBig(kind, limit, setting);
            return false;
        }
        if (knobs.repeat() > 1 && size > maxRepeat) {
            tooBig("Repeated", maxRepeat, Setting.ECHO_MAX_REPEAT_MESSAGE_SIZE);
            return false;
        }
        if (first) {
            pause();
        }
        return true;
    }

    /** A blocking send; while it runs, pings stand aside (see the class comment). */
    private void send(Send send) throws IOException {
        sending = true;
        try {
            send.to(session.getBasicRemote());
        } finally {
            sending = false;
        }
    }

    @FunctionalInterface
    private interface Send {
        void to(RemoteEndpoint.Basic remote) throws IOException;
    }

    void stop() {
        closing = true;
        if (pings != null) {
            pings.cancel(false);
        }
    }

    private void hold(ByteBuffer part) {
        int n = part.remaining();
        if (heldBytes == null) {
            heldBytes = new byte[Math.max(n, 1024)];
        } else if (heldLength + n > heldBytes.length) {
            heldBytes = Arrays.copyOf(heldBytes, Math.max(heldLength + n, heldBytes.length * 2));
        }
        part.get(heldBytes, heldLength, n);
        heldLength += n;
    }

    private void answered() throws IOException {
        size = 0;
        endedHigh = false;
        replied++;
        if (knobs.closeAfter() > 0 && replied >= knobs.closeAfter()) {
            close(new CloseReason(CloseReason.CloseCodes.getCloseCode(knobs.closeCode()), knobs.closeReason()));
        }
    }

    private void pause() throws IOException {
        long millis = knobs.delay().toMillis();
        if (millis > 0) {
            try {
                // Deliberately on the reading thread: the delay holds back this connection's later messages too,
                // which is what a slow server looks like to the client under test.
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close(CloseCodes.GOING_AWAY.reason("Server shutting down"));
            }
        }
    }

    private void tooBig(String kind, long limit, Setting setting) throws IOException {
        LOG.log(Level.DEBUG, "{0} | too-big | {1} message over {2} bytes", session.getId(), kind, limit);
        close(CloseCodes.TOO_BIG.reason(kind + " message exceeds " + limit + " bytes (" + setting.key() + ")"));
    }

    private void close(CloseReason reason) throws IOException {
        stop();
        session.close(reason);
    }

    /** On the shared timer thread, which must never block: hands the ping to a sender, or skips it. */
    private void ping() {
        if (sending || !session.isOpen() || !pingInFlight.compareAndSet(false, true)) {
            return;
        }
        // Stamped here, on the timer's schedule, so the payloads are spaced by the interval whatever the senders' delay.
        ByteBuffer payload = ByteBuffer.allocate(Long.BYTES).putLong(0, System.currentTimeMillis());
        try {
            pingSenders.execute(() -> sendPing(payload));
        } catch (RejectedExecutionException e) {
            pingInFlight.set(false);
            LOG.log(Level.DEBUG, "{0} | ping-skipped | all ping senders busy", session.getId());
        }
    }

    private void sendPing(ByteBuffer payload) {
        try {
            session.getAsyncRemote().sendPing(payload);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "{0} | ping-failed | {1}", session.getId(), e.toString());
        } finally {
            pingInFlight.set(false);
        }
    }
}
