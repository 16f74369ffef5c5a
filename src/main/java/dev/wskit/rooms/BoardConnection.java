package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.Strokes;
import dev.wskit.codec.StrokesDecoder;
import jakarta.websocket.DecodeException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * The protocol of one board connection: joins on open (the board's state arrives first), then takes binary stroke
 * messages. Text is refused with {@link CloseCodes#UNSUPPORTED_DATA}; a malformed stroke message or a full board
 * gets a JSON {@code error} text message; a message past {@code wskit.boards.maxMessageSize} gets
 * {@link CloseCodes#TOO_BIG}.
 *
 * <p>Not thread-safe: the container calls it one event at a time; {@link #closed} may also come from a send
 * completion thread, and is idempotent.
 */
public final class BoardConnection implements MemberConnection {

    private static final System.Logger LOG = System.getLogger(BoardConnection.class.getName());

    private final Transport transport;
    private final Outbox outbox;
    private final Assembler assembler;
    private final StrokesDecoder decoder;
    private volatile Backplane.BoardMember member;
    private volatile boolean closing;

    public BoardConnection(String board, Transport transport, Backplane backplane, RoomLimits limits) {
        this.transport = transport;
        this.outbox = limits.outbox(transport);
        this.assembler = new Assembler(limits.maxBoardMessage(), "wskit.boards.maxMessageSize");
        this.decoder = new StrokesDecoder(limits.maxBoardMessage());
        outbox.onDeath(this::closed);
        try {
            member = backplane.joinBoard(board, outbox);
        } catch (Refused r) {
            transport.traffic().refusedFull();
            close(r.close() == null ? CloseCodes.ROOM_FULL : r.close(), r.getMessage());
        }
    }

    /** Any part of a text message: boards take none. */
    public void text(String part, boolean last) {
        if (!closing) {
            close(CloseCodes.UNSUPPORTED_DATA, "boards take binary stroke messages only");
        }
    }

    @Override
    public void binary(ByteBuffer part, boolean last) {
        if (closing) {
            return;
        }
        ByteBuffer whole;
        try {
            whole = assembler.binary(part, last);
        } catch (Assembler.TooBig e) {
            close(CloseCodes.TOO_BIG, e.getMessage());
            return;
        }
        Backplane.BoardMember m = member;
        if (whole == null || m == null) {
            return;
        }
        try {
            Strokes strokes = decoder.decode(whole);
            m.draw(strokes);
        } catch (DecodeException e) {
            error("bad-message", e.getMessage());
        } catch (Refused r) {
            error(r.code(), r.getMessage());
        }
    }

    /** The connection ended, however it ended. Idempotent. */
    @Override
    public void closed() {
        closing = true;
        Backplane.BoardMember m = member;
        member = null;
        if (m != null) {
            m.leave();
        }
        outbox.discard();
    }

    /** A reply to this client alone, behind whatever its outbox holds. */
    private void error(String code, String message) {
        LOG.log(Level.DEBUG, "{0} | refused | {1} {2}", transport.id(), code, message);
        outbox.send(Frame.reply(new ServerMessage.Error(code, message, System.currentTimeMillis())));
    }

    private void close(CloseCodes code, String reason) {
        LOG.log(Level.DEBUG, "{0} | close | {1} {2}", transport.id(), code, reason);
        closed();
        transport.close(code, reason);
    }
}
