package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.DecodeException;
import jakarta.websocket.EncodeException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrokesCodecTest {

    private final StrokesEncoder encoder = new StrokesEncoder();
    private final StrokesDecoder decoder = new StrokesDecoder(1024);

    @Test
    void encodesALineIn12PlusFourBytesPerPoint() throws Exception {
        ByteBuffer b = encoder.encode(Strokes.of(new Stroke(Stroke.Kind.LINE, 5, 0xFF0000FF, 3, new int[] {1, 2, 65535, 4})));
        byte[] expected = {'L', 0, 0, 0, 5, (byte) 0xFF, 0, 0, (byte) 0xFF, 3, 0, 2, 0, 1, 0, 2, (byte) 0xFF, (byte) 0xFF, 0, 4};
        byte[] actual = new byte[b.remaining()];
        b.get(actual);
        assertArrayEquals(expected, actual);
    }

    @Test
    void roundTripsABatchOfLinesAndClears() throws Exception {
        Strokes s = new Strokes(List.of(new Stroke(Stroke.Kind.CLEAR, 4_000_000_000L, 0, 0, new int[0]),
                Stroke.line(0x11223344, 255, 0, 0, 10, 10, 20, 5).numbered(1), Stroke.line(0, 1, 7, 7)));
        ByteBuffer encoded = encoder.encode(s);
        assertTrue(decoder.willDecode(encoded));
        assertEquals(s, decoder.decode(encoded));
    }

    @Test
    void nullAndEmptyAreRefused() {
        assertFalse(decoder.willDecode(null));
        assertThrows(DecodeException.class, () -> decoder.decode(null));
        assertThrows(DecodeException.class, () -> decoder.decode(ByteBuffer.allocate(0)));
        assertThrows(EncodeException.class, () -> encoder.encode(null));
        assertThrows(EncodeException.class, () -> encoder.encode(new Strokes(List.of())));
    }

    @Test
    void malformedRecordsAreDecodeExceptions() {
        byte[][] bad = {
            {'Z', 0, 0, 0, 0},
            {'L', 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 1, 0, 1},
            {'L', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1},
            {'L', 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
            {'C', 0, 0},
            {'C', 0, 0, 0, 0, 'L'},
        };
        for (byte[] b : bad) {
            DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(ByteBuffer.wrap(b)));
            assertFalse(e.getMessage().isBlank());
        }
        assertFalse(decoder.willDecode(ByteBuffer.wrap(bad[0])));
    }

    @Test
    void invalidStrokesAreNotEncoded() {
        assertThrows(EncodeException.class, () -> encoder.encode(Strokes.of(Stroke.line(0, 0, 1, 1))));
        assertThrows(EncodeException.class, () -> encoder.encode(Strokes.of(Stroke.line(0, 1, 1, 70000))));
        assertThrows(EncodeException.class, () -> encoder.encode(Strokes.of(Stroke.line(0, 1, 1))));
    }

    @Test
    void oversizeIsRefused() throws Exception {
        int[] points = new int[2 * 254];
        ByteBuffer big = encoder.encode(Strokes.of(Stroke.line(0, 1, points)));
        assertEquals(12 + 4 * 254, big.remaining());
        assertFalse(decoder.willDecode(big));
        DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(big));
        assertTrue(e.getMessage().contains("over the limit of 1024"), e.getMessage());
        ByteBuffer fits = encoder.encode(Strokes.of(Stroke.line(0, 1, new int[2 * 253])));
        assertEquals(1024, fits.remaining());
        assertEquals(253, decoder.decode(fits).strokes().get(0).pointCount());
    }
}
