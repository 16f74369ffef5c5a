package dev.wskit.codec;

import jakarta.websocket.CloseReason;
import java.nio.charset.StandardCharsets;

/**
 * Every close code wskit sends on its own account, named by why it is sent (the README's Rooms and Configuration
 * sections document them). A code a client asks for (the echo's {@code closeCode} knob) is the client's, not listed
 * here. An enum of {@link CloseReason.CloseCode}, like Jakarta's own {@link CloseReason.CloseCodes}, so a constant
 * goes straight into a {@link CloseReason}.
 *
 * <p>Immutable.
 */
public enum CloseCodes implements CloseReason.CloseCode {

    /** A message past its size setting ({@code wskit.echo.max*}, {@code wskit.rooms.max*}, {@code wskit.boards.max*}). */
    TOO_BIG(1009),

    /**
     * A room member whose outbound queue passed {@code wskit.rooms.maxQueuedMessages} or {@code ...maxQueuedBytes}, or
     * whose send took longer than {@code wskit.sendTimeout}.
     */
    SLOW_MEMBER(1008),

    /**
     * A join to a room or board that has {@code wskit.rooms.maxMembers} members. Policy violation, not 1013 (try
     * again later): Tomcat's client reports a 1013 close as 1002, so 1008 is the code every client sees as sent.
     */
    ROOM_FULL(1008),

    /** A join that would open a room or board past {@code wskit.rooms.maxRooms}; 1008 for the same reason. */
    TOO_MANY_ROOMS(1008),

    /** A text message to a board, which takes binary stroke messages only. */
    UNSUPPORTED_DATA(1003),

    /** A send to this connection failed; whatever was queued for it is dropped. */
    SEND_FAILED(1011),

    /** wskit failed to build a message this connection must receive (a board's snapshot); nothing more is sent. */
    INTERNAL_ERROR(1011),

    /**
     * An echo connection whose reader found no room for {@code wskit.sendTimeout}: its backlog was at its message
     * limit, or all echoes together at {@code wskit.echo.maxPendingBytes}.
     */
    ECHO_BACKLOG_FULL(1008),

    /** A client a send to which (an echo part or message, a ping) did not complete within {@code wskit.sendTimeout}. */
    NOT_READING(1008),

    /**
     * A request the handshake gate refuses with HTTP 400 (a bad knob, a bad room name) that reached an endpoint
     * anyway, which means the gate was bypassed.
     */
    BAD_REQUEST(1008),

    /** The server is stopping. */
    GOING_AWAY(1001),

    /**
     * wskit is restarting (undeploy, redeploy, shutdown, {@code POST /drain}): come back now. Service restart, which
     * browsers, Jetty's client and wskit's CLI report as sent; Tomcat's client reports it as 1002.
     */
    SERVICE_RESTART(1012),

    /**
     * The rooms' backplane (Redis) is unreachable or did not answer in time: a join is refused, a connected member is
     * closed (its last message may not have gone out). The client should reconnect with backoff and resume.
     */
    BACKPLANE_UNAVAILABLE(1011),

    /**
     * This server can no longer follow the member on the backplane (its place in the room was lost when its lease
     * expired or Redis lost its data, broadcasts could not be brought to this server, or the room's numbering
     * restarted): the client should join again at once with {@code since} and its epoch, and the room tells it
     * exactly what it missed, or that there is a gap.
     */
    RESUME(1012),

    /**
     * A room or board member that left {@code wskit.rooms.maxMissedPongs} pings in a row unanswered: gone, as for an
     * idle timeout.
     */
    NO_PONG(1001);

    /** A close reason travels in a control frame: at most 125 bytes, less the 2-byte code. */
    public static final int MAX_REASON_BYTES = 123;

    private final int code;

    CloseCodes(int code) {
        this.code = code;
    }

    @Override
    public int getCode() {
        return code;
    }

    /** A close with this code and {@code reason}, clipped to {@link #MAX_REASON_BYTES}. */
    public CloseReason reason(String reason) {
        return new CloseReason(this, clip(reason));
    }

    /**
     * {@code reason} if it fits a close frame, else cut at a character boundary to at most 120 bytes and marked with
     * "...".
     */
    public static String clip(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int n = MAX_REASON_BYTES - 3;
        while (n > 0 && (b[n] & 0xC0) == 0x80) {
            n--;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8) + "...";
    }
}
