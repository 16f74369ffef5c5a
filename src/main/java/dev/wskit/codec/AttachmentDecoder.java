package dev.wskit.codec;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One binary message to an {@link Attachment}. Layout, all integers big-endian and unsigned:
 *
 * <pre>
 * u8  tag 0x41 ('A')
 * u64 seq            (0 from clients)
 * u64 time           epoch ms (0 from clients)
 * u8  S, S bytes     sender nick, UTF-8 (empty from clients)
 * u8  M, M bytes     media type, UTF-8, 1..255 (e.g. image/png)
 * u8  N, N bytes     file name, UTF-8
 * u32 L, L bytes     the content; L must be exactly what remains
 * </pre>
 *
 * The decoded attachment's data is a read-only view of the input, not a copy. Thread-safe.
 */
public final class AttachmentDecoder implements Decoder.Binary<Attachment> {

    /**
     * The endpoint user property (a {@link Number}, bytes) that bounds a declared decoder, read in {@link #init}: a
     * wskit server puts {@code wskit.rooms.maxAttachmentSize} there.
     */
    public static final String MAX_BYTES = "dev.wskit.codec.AttachmentDecoder.maxBytes";

    /** The bound without {@link #MAX_BYTES}: 1 MiB, the default of {@code wskit.rooms.maxAttachmentSize}. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;

    static final byte TAG = 'A';
    /** tag + seq + time + three length bytes + u32 length. */
    static final int FIXED_HEADER = 1 + 8 + 8 + 1 + 1 + 1 + 4;
    static final int MAX_FIELD = 255;

    private volatile long maxBytes;

    /** Bounded by {@link #DEFAULT_MAX_BYTES} until {@link #init} finds {@link #MAX_BYTES}. */
    public AttachmentDecoder() {
        this(DEFAULT_MAX_BYTES);
    }

    public AttachmentDecoder(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes the bound from the endpoint's {@link #MAX_BYTES} user property, when it has one. */
    @Override
    public void init(EndpointConfig config) {
        maxBytes = Bounds.read(config, MAX_BYTES, maxBytes);
    }

    @Override
    public boolean willDecode(ByteBuffer bytes) {
        return bytes != null && bytes.remaining() >= FIXED_HEADER && bytes.remaining() <= maxBytes
                && bytes.get(bytes.position()) == TAG;
    }

    @Override
    public Attachment decode(ByteBuffer input) throws DecodeException {
        if (input == null) {
            throw new DecodeException((ByteBuffer) null, "no message");
        }
        ByteBuffer b = input.duplicate();
        if (b.remaining() > maxBytes) {
            throw new DecodeException(b, "attachment of " + b.remaining() + " bytes is over the limit of " + maxBytes);
        }
        try {
            if (b.remaining() < FIXED_HEADER || b.get() != TAG) {
                throw new DecodeException(input, "not an attachment: expected tag 'A' and a " + FIXED_HEADER + "-byte header");
            }
            long seq = b.getLong();
            long time = b.getLong();
            if (seq < 0 || time < 0) {
                throw new DecodeException(input, "seq and time must be below 2^63");
            }
            String sender = text(b, input, "sender");
            String media = text(b, input, "media type");
            if (media.isEmpty()) {
                throw new DecodeException(input, "media type is empty");
            }
            String name = text(b, input, "name");
            long length = Integer.toUnsignedLong(b.getInt());
            if (length != b.remaining()) {
                throw new DecodeException(input, "header says " + length + " content bytes, message has " + b.remaining());
            }
            return new Attachment(seq, time, sender, media, name, b.slice());
        } catch (java.nio.BufferUnderflowException e) {
            throw new DecodeException(input, "attachment header is cut short", e);
        }
    }

    private static String text(ByteBuffer b, ByteBuffer input, String what) throws DecodeException {
        int n = Byte.toUnsignedInt(b.get());
        if (n > b.remaining()) {
            throw new DecodeException(input, what + " is cut short");
        }
        ByteBuffer field = b.slice().limit(n);
        b.position(b.position() + n);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(field);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException(input, what + " is not valid UTF-8", e);
        }
    }
}
