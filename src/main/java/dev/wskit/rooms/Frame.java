package dev.wskit.rooms;

import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.Utf8;
import java.nio.ByteBuffer;

/**
 * One message ready to be queued: an encoded broadcast (text or binary), or a reply to one member, which the
 * container encodes with the endpoint's declared encoder when it is sent ({@code sendObject}). A broadcast is encoded
 * once into one frame and the same frame is handed to every member. Immutable: each send takes its own
 * {@link ByteBuffer#duplicate() view} of the bytes.
 */
public final class Frame {

    private final String text;
    private final ByteBuffer binary;
    private final ServerMessage reply;
    private final long size;

    private Frame(String text, ByteBuffer binary, ServerMessage reply, long size) {
        this.text = text;
        this.binary = binary;
        this.reply = reply;
        this.size = size;
    }

    public static Frame text(String text) {
        return new Frame(text, null, null, Utf8.length(text));
    }

    public static Frame binary(ByteBuffer bytes) {
        ByteBuffer b = bytes.asReadOnlyBuffer();
        return new Frame(null, b, null, b.remaining());
    }

    /**
     * A reply to one member, sent as an object. Its size is estimated from its fields (the record's text), since it
     * is encoded only when it goes out.
     */
    public static Frame reply(ServerMessage message) {
        return new Frame(null, null, message, Utf8.length(message.toString()));
    }

    public boolean isText() {
        return text != null;
    }

    public boolean isReply() {
        return reply != null;
    }

    /** The text; {@code null} unless {@link #isText()}. */
    public String text() {
        return text;
    }

    /** A fresh view of the bytes; {@code null} for a text frame or a reply. */
    public ByteBuffer binary() {
        return binary == null ? null : binary.duplicate();
    }

    /** The message to encode on sending; {@code null} unless {@link #isReply()}. */
    public ServerMessage reply() {
        return reply;
    }

    /** Size on the wire (payload), in bytes, estimated for a reply: what queue and history bounds count. */
    public long size() {
        return size;
    }
}
