package dev.wskit.rooms;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.AttachmentDecoder;
import dev.wskit.codec.ClientMessage;
import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import jakarta.websocket.DecodeException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * The protocol of one room connection: acts on the decoded requests, assembles and decodes attachments, answers bad
 * input, and talks to the {@link Backplane}. Bad input is answered to this client only: an {@code error} message
 * (malformed JSON, unknown type, bad nick, not joined...) or a close ({@link CloseCodes#TOO_BIG},
 * {@link CloseCodes#ROOM_FULL}...).
 *
 * <p>Not thread-safe: the container calls it one event at a time (JSR-356); the outbox it owns is thread-safe.
 */
public final class RoomConnection implements MemberConnection {

    private static final System.Logger LOG = System.getLogger(RoomConnection.class.getName());

    private final String room;
    private final Transport transport;
    private final Backplane backplane;
    private final Outbox outbox;
    private final long maxText;
    private final Assembler assembler;
    private final AttachmentDecoder attachments;

    private volatile Backplane.RoomMember member;
    /** The nick this member's token names; {@code null} when sign-in is off. Set before any message arrives. */
    private volatile String signedNick;
    private volatile boolean closing;

    public RoomConnection(String room, Transport transport, Backplane backplane, RoomLimits limits) {
        this.room = room;
        this.transport = transport;
        this.backplane = backplane;
        this.outbox = limits.outbox(transport);
        this.maxText = limits.maxTextMessage();
        this.assembler = new Assembler(limits.maxAttachment(), "wskit.rooms.maxAttachmentSize");
        this.attachments = new AttachmentDecoder(limits.maxAttachment());
        outbox.onDeath(this::closed);
    }

    /** With sign-in on: the only nick this connection may join with. Returns this connection. */
    public RoomConnection signedInAs(String nick) {
        this.signedNick = nick;
        return this;
    }

    /** One whole JSON text message, decoded by the endpoint's declared decoder. */
    public void message(ClientMessage message) {
        if (closing) {
            return;
        }
        if (message instanceof ClientMessage.Unreadable unreadable) {
            if (unreadable.tooBig()) {
                close(CloseCodes.TOO_BIG, "text message over " + maxText + " bytes (wskit.rooms.maxTextMessageSize)");
            } else {
                error("bad-message", unreadable.reason());
            }
        } else if (message instanceof ClientMessage.Join join) {
            join(join);
        } else if (member == null) {
            error("not-joined", "send {\"type\":\"join\",\"nick\":\"...\"} first");
        } else if (message instanceof ClientMessage.Say say) {
            if (say.text().isBlank()) {
                error("bad-message", "field 'text' is empty");
            } else {
                member.say(say.text());
            }
        } else {
            ClientMessage.History h = (ClientMessage.History) message;
            member.history(h.since(), h.epoch());
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
        if (whole == null) {
            return;
        }
        if (member == null) {
            error("not-joined", "join before sending attachments");
            return;
        }
        Attachment attachment;
        try {
            attachment = attachments.decode(whole);
        } catch (DecodeException e) {
            error("bad-message", e.getMessage());
            return;
        }
        member.attach(attachment);
    }

    /** The connection ended, however it ended. Idempotent. */
    @Override
    public void closed() {
        closing = true;
        Backplane.RoomMember m = member;
        member = null;
        if (m != null) {
            m.leave();
        }
        outbox.discard();
    }

    private void join(ClientMessage.Join join) {
        if (member != null) {
            error("already-joined", "this connection has already joined room '" + room + "'");
            return;
        }
        String why = Names.checkNick(join.nick());
        if (why != null) {
            error("bad-nick", signedNick != null && signedNick.equals(join.nick())
                    ? "your token names nick '" + join.nick() + "', which rooms cannot use: " + why : why);
            return;
        }
        if (signedNick != null && !signedNick.equals(join.nick())) {
            error("bad-nick", "signed in as '" + signedNick + "': join with that nick, not '" + join.nick() + "'");
            return;
        }
        try {
            member = backplane.joinRoom(room, join.nick(), outbox, join.since(), join.epoch());
            LOG.log(Level.DEBUG, "{0} | join | {1} as {2}", transport.id(), room, join.nick());
        } catch (Refused r) {
            if (r.close() != null) {
                transport.traffic().refusedFull();
                close(r.close(), r.getMessage());
            } else {
                error(r.code(), r.getMessage());
            }
        }
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
