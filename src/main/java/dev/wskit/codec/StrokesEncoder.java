package dev.wskit.codec;

import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import java.nio.ByteBuffer;

/** {@link Strokes} to one binary message (layout in {@link StrokesDecoder}). Stateless; thread-safe. */
public final class StrokesEncoder implements Encoder.Binary<Strokes> {

    @Override
    public ByteBuffer encode(Strokes message) throws EncodeException {
        if (message == null || message.strokes().isEmpty()) {
            throw new EncodeException(message, "a board message holds at least one stroke");
        }
        int size = 0;
        for (Stroke s : message.strokes()) {
            size += StrokesDecoder.size(s);
            check(message, s);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (Stroke s : message.strokes()) {
            out.put(s.kind().tag).putInt((int) s.seq());
            if (s.kind() == Stroke.Kind.LINE) {
                out.putInt(s.rgba()).put((byte) s.width()).putShort((short) s.pointCount());
                for (int v : s.points()) {
                    out.putShort((short) v);
                }
            }
        }
        return out.flip();
    }

    private static void check(Strokes message, Stroke s) throws EncodeException {
        if (s.seq() < 0 || s.seq() > 0xFFFF_FFFFL) {
            throw new EncodeException(message, "stroke seq must fit 32 bits unsigned: " + s.seq());
        }
        if (s.kind() == Stroke.Kind.LINE) {
            int[] p = s.points();
            if (p.length == 0 || p.length % 2 != 0 || s.pointCount() > StrokesDecoder.MAX_POINTS) {
                throw new EncodeException(message, "a line has 1 to " + StrokesDecoder.MAX_POINTS + " x,y points");
            }
            if (s.width() < 1 || s.width() > 255) {
                throw new EncodeException(message, "width must be 1 to 255, not " + s.width());
            }
            for (int v : p) {
                if (v < 0 || v > 0xFFFF) {
                    throw new EncodeException(message, "coordinates must be 0 to 65535, not " + v);
                }
            }
        }
    }
}
