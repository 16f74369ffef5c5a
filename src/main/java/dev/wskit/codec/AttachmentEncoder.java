package dev.wskit.codec;

import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@link Attachment} to one binary message (layout in {@link AttachmentDecoder}). A room encodes a broadcast once
 * and hands read-only views of the same buffer to every member. Stateless; thread-safe.
 */
public final class AttachmentEncoder implements Encoder.Binary<Attachment> {

    @Override
    public ByteBuffer encode(Attachment a) throws EncodeException {
        if (a == null) {
            throw new EncodeException(null, "no attachment");
        }
        byte[] sender = a.sender().getBytes(StandardCharsets.UTF_8);
        byte[] media = a.mediaType().getBytes(StandardCharsets.UTF_8);
        byte[] name = a.name().getBytes(StandardCharsets.UTF_8);
        check(a, "sender", sender.length, 0);
        check(a, "media type", media.length, 1);
        check(a, "name", name.length, 0);
        if (a.seq() < 0 || a.time() < 0) {
            throw new EncodeException(a, "seq and time must not be negative");
        }
        ByteBuffer data = a.data().duplicate();
        ByteBuffer out = ByteBuffer.allocate(AttachmentDecoder.FIXED_HEADER + sender.length + media.length + name.length
                + data.remaining());
        out.put(AttachmentDecoder.TAG).putLong(a.seq()).putLong(a.time());
        out.put((byte) sender.length).put(sender);
        out.put((byte) media.length).put(media);
        out.put((byte) name.length).put(name);
        out.putInt(data.remaining()).put(data);
        return out.flip();
    }

    private static void check(Attachment a, String what, int length, int min) throws EncodeException {
        if (length < min || length > AttachmentDecoder.MAX_FIELD) {
            throw new EncodeException(a, what + " must be " + min + " to " + AttachmentDecoder.MAX_FIELD
                    + " UTF-8 bytes, not " + length);
        }
    }
}
