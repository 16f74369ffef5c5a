package dev.wskit.ops;

import dev.wskit.web.Handshake;
import java.lang.System.Logger.Level;

/**
 * One INFO line per connection at its end, on the logger {@code dev.wskit.ops.ConnectionLog} (System.Logger, so it
 * lands in the container's log), in the house format {@code session | connection | detail}, the detail as
 * {@code key=value} pairs (logfmt; text values quoted, with {@code "} and {@code \} escaped):
 *
 * <pre>
 * 3f2a | connection | endpoint=echo remote=127.0.0.1 forwarded=- path="/echo?delay=5" subprotocol=chat
 *   duration_ms=1834 received=3 received_bytes=15 sent=3 sent_bytes=15 close=1000 by=client reason="bye"
 * </pre>
 *
 * (one line). {@code path} never holds an {@code access_token} ({@link Handshake}); {@code by} is {@code server} when
 * wskit closed the connection, {@code client} for a close frame from the other side, {@code none} for 1006.
 *
 * <p>Immutable; thread-safe.
 */
public final class ConnectionLog {

    private static final System.Logger LOG = System.getLogger(ConnectionLog.class.getName());

    private final boolean enabled;

    public ConnectionLog(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    void ended(LiveConnection c, int code, String by, String reason) {
        if (enabled && LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, "{0} | connection | {1}", c.id(), detail(c, code, by, reason));
        }
    }

    static String detail(LiveConnection c, int code, String by, String reason) {
        Handshake h = c.handshake();
        StringBuilder b = new StringBuilder(256);
        b.append("endpoint=").append(c.endpoint().label());
        b.append(" remote=").append(h == null ? "-" : h.peer().remote());
        b.append(" forwarded=").append(h == null || h.peer().forwarded() == null ? "-" : h.peer().forwarded());
        b.append(" path=");
        quote(b, h == null ? c.session().getRequestURI().getRawPath() : h.path());
        b.append(" subprotocol=");
        if (c.subprotocol() == null) {
            b.append('-');
        } else {
            quote(b, c.subprotocol());
        }
        b.append(" duration_ms=").append(c.ageMillis());
        b.append(" received=").append(c.receivedMessages()).append(" received_bytes=").append(c.receivedBytes());
        b.append(" sent=").append(c.sentMessages()).append(" sent_bytes=").append(c.sentBytes());
        b.append(" close=").append(code).append(" by=").append(by).append(" reason=");
        quote(b, reason == null ? "" : reason);
        return b.toString();
    }

    /** Appends {@code s} in double quotes, escaping quotes and backslashes and replacing control characters. */
    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20 || ch == 0x7f) {
                b.append('?');
            } else {
                b.append(ch);
            }
        }
        b.append('"');
    }
}
