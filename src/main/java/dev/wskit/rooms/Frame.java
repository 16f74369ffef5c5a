package dev.wskit.rooms;

import dev.wskit.codec.Utf8;
import java.nio.ByteBuffer;

/**
 * One encoded message, ready to send: text or binary. A broadcast is encoded into one frame and the same frame is
 * handed to every member. Immutable: each send takes its own {@link ByteBuffer#duplicate() view} of the bytes.
 */
public final class Frame {

    private final String text;
    private final ByteBuffer binary;
    private final long size;

    private Frame(String text, ByteBuffer binary, long size) {
        this.text = text;
        this.binary = binary;
        this.size = size;
    }

    public static Frame text(String text) {
        return new Frame(text, null, Utf8.length(text));
    }

    public static Frame binary(ByteBuffer bytes) {
        ByteBuffer b = bytes.asReadOnlyBuffer();
        return new Frame(null, b, b.remaining());
    }

    public boolean isText() {
        return text != null;
    }

    /** The text; {@code null} for a binary frame. */
    public String text() {
        return text;
    }

    /** A fresh view of the bytes; {@code null} for a text frame. */
    public ByteBuffer binary() {
        return binary == null ? null : binary.duplicate();
    }

    /** Size on the wire (payload), in bytes: what queue and history bounds count. */
    public long size() {
        return size;
    }
}
