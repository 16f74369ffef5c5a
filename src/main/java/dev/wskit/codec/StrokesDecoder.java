package dev.wskit.codec;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One binary board message to {@link Strokes}: one or more records back to back, integers big-endian, unsigned.
 *
 * <pre>
 * LINE:  u8 'L' (0x4C) | u32 seq | u32 rgba | u8 width | u16 n | n x (u16 x, u16 y)     12 + 4n bytes
 * CLEAR: u8 'C' (0x43) | u32 seq                                                         5 bytes
 * </pre>
 *
 * Clients send seq 0; the board numbers each record. Thread-safe.
 */
public final class StrokesDecoder implements Decoder.Binary<Strokes> {

    /**
     * The endpoint user property (a {@link Number}, bytes) that bounds a declared decoder, read in {@link #init}: a
     * wskit server puts {@code wskit.boards.maxMessageSize} there.
     */
    public static final String MAX_BYTES = "dev.wskit.codec.StrokesDecoder.maxBytes";

    /** The bound without {@link #MAX_BYTES}: 64 KiB, the default of {@code wskit.boards.maxMessageSize}. */
    public static final long DEFAULT_MAX_BYTES = 64 * 1024;

    static final int MAX_POINTS = 0xFFFF;
    private static final int LINE_HEADER = 1 + 4 + 4 + 1 + 2;

    private volatile long maxBytes;

    /** Bounded by {@link #DEFAULT_MAX_BYTES} until {@link #init} finds {@link #MAX_BYTES}. */
    public StrokesDecoder() {
        this(DEFAULT_MAX_BYTES);
    }

    public StrokesDecoder(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Takes the bound from the endpoint's {@link #MAX_BYTES} user property, when it has one. */
    @Override
    public void init(EndpointConfig config) {
        maxBytes = Bounds.read(config, MAX_BYTES, maxBytes);
    }

    static int size(Stroke s) {
        return s.kind() == Stroke.Kind.CLEAR ? 5 : LINE_HEADER + 4 * s.pointCount();
    }

    @Override
    public boolean willDecode(ByteBuffer bytes) {
        if (bytes == null || bytes.remaining() < 5 || bytes.remaining() > maxBytes) {
            return false;
        }
        byte tag = bytes.get(bytes.position());
        return tag == 'L' || tag == 'C';
    }

    @Override
    public Strokes decode(ByteBuffer input) throws DecodeException {
        if (input == null) {
            throw new DecodeException((ByteBuffer) null, "no message");
        }
        ByteBuffer b = input.duplicate();
        if (b.remaining() > maxBytes) {
            throw new DecodeException(b, "board message of " + b.remaining() + " bytes is over the limit of " + maxBytes);
        }
        if (!b.hasRemaining()) {
            throw new DecodeException(input, "empty board message");
        }
        List<Stroke> strokes = new ArrayList<>();
        try {
            while (b.hasRemaining()) {
                byte tag = b.get();
                long seq = Integer.toUnsignedLong(b.getInt());
                if (tag == 'C') {
                    strokes.add(new Stroke(Stroke.Kind.CLEAR, seq, 0, 0, new int[0]));
                } else if (tag == 'L') {
                    int rgba = b.getInt();
                    int width = Byte.toUnsignedInt(b.get());
                    int n = Short.toUnsignedInt(b.getShort());
                    if (width == 0 || n == 0) {
                        throw new DecodeException(input, "a line needs a width of 1 or more and at least one point");
                    }
                    if (b.remaining() < 4L * n) {
                        throw new DecodeException(input, "line says " + n + " points, message is cut short");
                    }
                    int[] points = new int[2 * n];
                    for (int i = 0; i < points.length; i++) {
                        points[i] = Short.toUnsignedInt(b.getShort());
                    }
                    strokes.add(new Stroke(Stroke.Kind.LINE, seq, rgba, width, points));
                } else {
                    throw new DecodeException(input, "unknown record tag 0x" + Integer.toHexString(tag & 0xFF)
                            + " at byte " + (b.position() - 5) + "; expected 'L' or 'C'");
                }
            }
        } catch (BufferUnderflowException e) {
            throw new DecodeException(input, "board message is cut short", e);
        }
        return new Strokes(strokes);
    }
}
