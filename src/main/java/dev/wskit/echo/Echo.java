package dev.wskit.echo;

import static dev.wskit.echo.EchoQueue.CLOSE_AFTER;
import static dev.wskit.echo.EchoQueue.FIRST;
import static dev.wskit.echo.EchoQueue.LAST;
import static dev.wskit.echo.EchoQueue.TEXT;
import static dev.wskit.echo.EchoQueue.WHOLE;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.Utf8;
import dev.wskit.config.Setting;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;

/**
 * The inbound side of one echo connection: each message goes back with its type, byte for byte, shaped by the
 * {@link EchoKnobs}. A message that arrives whole (its first part is also its last) is queued whole; a message that
 * arrives in parts is queued part by part and streams back as it arrives, so a 16 MiB message is never held whole.
 * The size limits are counted here, across parts, rather than left to the container; a message past its limit
 * closes the connection with 1009 even while its parts are being echoed. Sending is the {@link EchoQueue}'s job.
 *
 * <p>Threading: called by the container, one message part at a time per session ({@link #stop} may come from
 * another container thread once the session ends). It never sends and never sleeps; it may wait, bounded by the send
 * timeout, for room in the echo backlog (see {@link EchoQueue}).
 */
final class Echo {

    private static final System.Logger LOG = System.getLogger(Echo.class.getName());

    private final EchoQueue out;
    private final EchoKnobs knobs;
    private final long maxText;
    private final long maxBinary;
    private final long maxRepeat;
    /** Jetty hands over a view of its network buffer, reused once @OnMessage returns: such parts are copied. */
    private final boolean copyBinary;
    /** Largest frame the container accepts from us (Jetty with early frame refusal); a longer greeting goes in parts. */
    private final long frameLimit;
    private final String id;
    private final ScheduledFuture<?> pings;

    private long replied;
    private long size;
    private boolean inMessage;
    private boolean closing;
    /** A high surrogate held back from the previous text part, so no part sent ends half-way through a character. */
    private String carry = "";
    /** The whole message, kept only when {@code repeat > 1}: a copy can only be sent once it is complete. */
    private StringBuilder heldText;
    private byte[] heldBytes;
    private int heldLength;
    private long heldCharge;

    Echo(EchoQueue out, EchoKnobs knobs, long maxText, long maxBinary, long maxRepeat, boolean copyBinary,
            long frameLimit, String id, ScheduledFuture<?> pings) {
        this.out = out;
        this.knobs = knobs;
        this.maxText = maxText;
        this.maxBinary = maxBinary;
        this.maxRepeat = maxRepeat;
        this.copyBinary = copyBinary;
        this.frameLimit = frameLimit;
        this.id = id;
        this.pings = pings;
    }

    /** Queues a text message of the server's own (the /inspect greeting) ahead of any echo. */
    void greet(String text) {
        long bytes = Utf8.length(text);
        if (bytes <= frameLimit) {
            offer(text, bytes, TEXT | WHOLE | LAST, 0);
            return;
        }
        int step = (int) Math.max(1, frameLimit / 3);
        for (int from = 0; from < text.length() && !closing; ) {
            int to = Math.min(text.length(), from + step);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                to--;
            }
            String part = text.substring(from, to);
            offer(part, Utf8.length(part), TEXT | (to == text.length() ? LAST : 0), 0);
            from = to;
        }
    }

    /**
     * One part of a text message.
     *
     * @param bytes its UTF-8 size, measured once for the connection's counts and these limits
     *              ({@code LiveConnection.measureText}: a surrogate pair split across parts counts 4, in the part
     *              holding its low half)
     */
    void text(String part, long bytes, boolean last) {
        if (closing) {
            return;
        }
        boolean first = !inMessage;
        if (!admit(bytes, "Text", maxText, Setting.ECHO_MAX_TEXT_MESSAGE_SIZE)) {
            return;
        }
        int flags = TEXT | (first ? FIRST : 0) | (last ? LAST | closeFlag() : 0);
        if (knobs.repeat() > 1) {
            if (!hold(bytes)) {
                return;
            }
            heldText = heldText == null ? new StringBuilder(part) : heldText.append(part);
            if (last) {
                String whole = heldText.toString();
                heldText = null;
                offerHeld(whole, TEXT | closeFlag());
            }
        } else if (first && last) {
            offer(part, bytes, flags | WHOLE, 0);
        } else {
            String joined = carry.isEmpty() ? part : carry + part;
            carry = "";
            if (!last && !joined.isEmpty() && Character.isHighSurrogate(joined.charAt(joined.length() - 1))) {
                carry = joined.substring(joined.length() - 1);
                joined = joined.substring(0, joined.length() - 1);
            }
            offer(joined, bytes, flags, 0);
        }
        ended(last);
    }

    void binary(ByteBuffer part, boolean last) {
        if (closing) {
            return;
        }
        boolean first = !inMessage;
        int bytes = part.remaining();
        if (!admit(bytes, "Binary", maxBinary, Setting.ECHO_MAX_BINARY_MESSAGE_SIZE)) {
            return;
        }
        if (knobs.repeat() > 1) {
            if (!hold(bytes)) {
                return;
            }
            keep(part);
            if (last) {
                ByteBuffer whole = ByteBuffer.wrap(heldBytes, 0, heldLength);
                heldBytes = null;
                heldLength = 0;
                offerHeld(whole, closeFlag());
            }
        } else {
            ByteBuffer reply = copyBinary ? ByteBuffer.allocate(bytes).put(part).flip() : part;
            offer(reply, bytes, (first ? FIRST : 0) | (last ? LAST | closeFlag() : 0) | (first && last ? WHOLE : 0), 0);
        }
        ended(last);
    }

    /**
     * Closes the connection with {@code code} once the reply in flight is sent; what is queued is dropped (a drain
     * for a restart). Any thread.
     */
    void closeAfterSend(int code, String reason) {
        out.requestClose(code, reason);
    }

    /** The connection ended: no more replies, pings stop, what is queued is dropped. */
    void stop() {
        closing = true;
        if (pings != null) {
            pings.cancel(false);
        }
        out.stop();
    }

    /** Counts a part against the message's limit (and the repeat buffer's, when repeating); false when too big. */
    private boolean admit(long bytes, String kind, long limit, Setting setting) {
        inMessage = true;
        size += bytes;
        if (size > limit) {
            tooBig(kind, limit, setting);
            return false;
        }
        if (knobs.repeat() > 1 && size > maxRepeat) {
            tooBig("Repeated", maxRepeat, Setting.ECHO_MAX_REPEAT_MESSAGE_SIZE);
            return false;
        }
        return true;
    }

    private void offer(Object payload, long bytes, int flags, long reserved) {
        if (!out.offer(payload, bytes, flags, reserved)) {
            closing = true;
        }
        if ((flags & CLOSE_AFTER) != 0) {
            closing = true; // later messages get no reply: the close follows this one
        }
    }

    /** Charges a part of a message held for repeating, as it arrives. */
    private boolean hold(long bytes) {
        if (!out.reserve(bytes)) {
            closing = true;
            return false;
        }
        heldCharge += bytes;
        return true;
    }

    private void offerHeld(Object whole, int flags) {
        long charge = heldCharge;
        heldCharge = 0;
        offer(whole, size, flags | WHOLE | FIRST | LAST, charge);
    }

    private void keep(ByteBuffer part) {
        int n = part.remaining();
        if (heldBytes == null) {
            heldBytes = new byte[Math.max(n, 1024)];
        } else if (heldLength + n > heldBytes.length) {
            heldBytes = Arrays.copyOf(heldBytes, Math.max(heldLength + n, heldBytes.length * 2));
        }
        part.get(heldBytes, heldLength, n);
        heldLength += n;
    }

    /** The close-after-N flag for a message's last part, when it is the Nth. */
    private int closeFlag() {
        return knobs.closeAfter() > 0 && replied + 1 >= knobs.closeAfter() ? CLOSE_AFTER : 0;
    }

    private void ended(boolean last) {
        if (last) {
            size = 0;
            inMessage = false;
            replied++;
        }
    }

    private void tooBig(String kind, long limit, Setting setting) {
        LOG.log(Level.DEBUG, "{0} | too-big | {1} message over {2} bytes", id, kind, limit);
        closing = true;
        if (heldCharge > 0) {
            out.release(heldCharge);
            heldCharge = 0;
        }
        heldText = null;
        heldBytes = null;
        out.requestClose(CloseCodes.TOO_BIG.getCode(), kind + " message exceeds " + limit + " bytes (" + setting.key() + ")");
    }
}
