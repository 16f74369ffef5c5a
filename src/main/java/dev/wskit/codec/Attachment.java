package dev.wskit.codec;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A file or image sent to a room as one binary message. A client sends {@code seq = 0}, {@code time = 0} and an
 * empty sender; the room fills them in before broadcasting. Immutable: {@link #data()} is a read-only view.
 */
public record Attachment(long seq, long time, String sender, String mediaType, String name, ByteBuffer data) {

    public Attachment {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(name, "name");
        data = data.asReadOnlyBuffer();
    }

    /** The bytes, as a fresh copy. */
    public byte[] bytes() {
        ByteBuffer d = data.duplicate();
        byte[] b = new byte[d.remaining()];
        d.get(b);
        return b;
    }

    /** This attachment as the room broadcasts it. */
    public Attachment stamped(long seq, long time, String sender) {
        return new Attachment(seq, time, sender, mediaType, name, data);
    }
}
