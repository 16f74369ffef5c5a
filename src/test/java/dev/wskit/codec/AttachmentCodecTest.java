package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.DecodeException;
import jakarta.websocket.EncodeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttachmentCodecTest {

    private final AttachmentEncoder encoder = new AttachmentEncoder();
    private final AttachmentDecoder decoder = new AttachmentDecoder(1024);

    private static Attachment sample(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31);
        }
        return new Attachment(9, 1_700_000_000_000L, "al\u00efce", "image/png", "cat \ud83d\udc08.png", ByteBuffer.wrap(data));
    }

    @Test
    void encodesTheDocumentedHeader() throws Exception {
        ByteBuffer b = encoder.encode(new Attachment(1, 2, "a", "t/x", "n", ByteBuffer.wrap(new byte[] {7, 8})));
        byte[] expected = {'A', 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 1, 'a', 3, 't', '/', 'x', 1, 'n', 0, 0, 0, 2, 7, 8};
        byte[] actual = new byte[b.remaining()];
        b.get(actual);
        assertArrayEquals(expected, actual);
    }

    @Test
    void roundTripsHeaderAndBytes() throws Exception {
        Attachment a = sample(700);
        ByteBuffer encoded = encoder.encode(a);
        assertTrue(decoder.willDecode(encoded));
        Attachment back = decoder.decode(encoded);
        assertEquals(a.seq(), back.seq());
        assertEquals(a.time(), back.time());
        assertEquals(a.sender(), back.sender());
        assertEquals(a.mediaType(), back.mediaType());
        assertEquals(a.name(), back.name());
        assertArrayEquals(a.bytes(), back.bytes());
        assertEquals(0, encoded.position(), "decoding must not consume the caller's buffer");
    }

    @Test
    void nullIsRefusedByBothDirections() {
        assertFalse(decoder.willDecode(null));
        assertThrows(DecodeException.class, () -> decoder.decode(null));
        assertThrows(EncodeException.class, () -> encoder.encode(null));
    }

    @Test
    void malformedHeadersAreDecodeExceptions() throws Exception {
        byte[] good = bytes(encoder.encode(sample(10)));
        byte[] wrongTag = good.clone();
        wrongTag[0] = 'X';
        byte[] wrongLength = good.clone();
        wrongLength[good.length - 11] = 99;
        byte[] cut = java.util.Arrays.copyOf(good, 20);
        byte[] badUtf8 = good.clone();
        badUtf8[18] = (byte) 0xFF;
        byte[] extra = java.util.Arrays.copyOf(good, good.length + 1);
        for (byte[] bad : new byte[][] {new byte[0], wrongTag, wrongLength, cut, badUtf8, extra}) {
            DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(ByteBuffer.wrap(bad)));
            assertFalse(e.getMessage().isBlank());
        }
        assertFalse(decoder.willDecode(ByteBuffer.wrap(wrongTag)));
    }

    @Test
    void emptyMediaTypeIsRefusedBothWays() {
        Attachment noType = new Attachment(0, 0, "", "", "f", ByteBuffer.allocate(1));
        assertThrows(EncodeException.class, () -> encoder.encode(noType));
        byte[] b = {'A', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(ByteBuffer.wrap(b)));
        assertTrue(e.getMessage().contains("media type"), e.getMessage());
    }

    @Test
    void oversizeIsRefusedBothAsMessageAndAsField() throws Exception {
        ByteBuffer big = encoder.encode(sample(1100));
        assertFalse(decoder.willDecode(big));
        DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(big));
        assertTrue(e.getMessage().contains("over the limit of 1024"), e.getMessage());
        Attachment longName = new Attachment(0, 0, "", "t/x", "n".repeat(256), ByteBuffer.allocate(0));
        assertThrows(EncodeException.class, () -> encoder.encode(longName));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    @Test
    void namesAreUtf8() throws Exception {
        ByteBuffer b = encoder.encode(sample(1));
        int senderLength = b.get(17);
        assertEquals("al\u00efce".getBytes(StandardCharsets.UTF_8).length, senderLength);
    }
}
