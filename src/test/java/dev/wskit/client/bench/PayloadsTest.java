package dev.wskit.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bench payloads: exact size, every byte checked, wrong sequence caught. No server. */
class PayloadsTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 15, 16, 17, 1000, 70_000})
    void textAndBinaryOfEverySizeCheckAsTheirOwnEcho(int size) {
        Payloads p = new Payloads(size);
        for (long seq : new long[] {0, 1, 6, 7, 255, 1L << 40}) {
            assertEquals(size, p.text(seq).length());
            assertEquals(size, Payloads.utf8Length(p.text(seq)));
            assertEquals(size, p.binary(seq).remaining());
            assertNull(p.checkText(seq, p.text(seq)));
            assertNull(p.checkBinary(seq, p.binary(seq)));
        }
    }

    @Test
    void anotherSequenceNumbersMessageIsCaught() {
        Payloads p = new Payloads(100);
        assertNotNull(p.checkText(3, p.text(4)));
        assertNotNull(p.checkBinary(3, p.binary(4)));
        assertNotEquals(p.text(1), p.text(8), "same pattern, different stamp");
    }

    @Test
    void aSingleChangedByteIsCaughtWithItsPosition() {
        Payloads p = new Payloads(5000);
        ByteBuffer b = p.binary(9);
        b.put(4321, (byte) (b.get(4321) + 1));
        assertEquals("content differs at byte 4321", p.checkBinary(9, b));
        char[] t = p.text(9).toCharArray();
        t[4000] = '!';
        assertEquals("content differs", p.checkText(9, new String(t)));
    }

    @Test
    void wrongLengthIsCaught() {
        Payloads p = new Payloads(64);
        assertTrue(p.checkText(0, p.text(0).substring(1)).startsWith("length 63"));
        assertTrue(p.checkBinary(0, ByteBuffer.allocate(65)).startsWith("length 65"));
    }

    @Test
    void checkReadsABufferFromItsPositionWithoutConsumingIt() {
        Payloads p = new Payloads(32);
        ByteBuffer framed = ByteBuffer.allocate(40);
        framed.position(5);
        framed.put(p.binary(2));
        framed.flip().position(5);
        ByteBuffer view = framed.slice(5, 32);
        assertNull(p.checkBinary(2, view));
        assertEquals(0, view.position());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 15, 16, 17, 1000, 70_000})
    void writtenBytesAreTheMessageAndCheckInAnyChunking(int size) {
        Payloads p = new Payloads(size);
        for (boolean text : new boolean[] {true, false}) {
            for (long seq : new long[] {0, 5, 1L << 40 | 3}) {
                ByteBuffer wire = ByteBuffer.allocateDirect(size);
                p.write(text, seq, wire);
                assertEquals(size, wire.position());
                wire.flip();
                ByteBuffer expected = text ? ByteBuffer.wrap(p.text(seq).getBytes(java.nio.charset.StandardCharsets.US_ASCII)) : p.binary(seq);
                assertEquals(-1, wire.mismatch(expected), "write equals the message " + seq);
                for (int chunk : new int[] {1, 3, 16, 4096, Math.max(1, size)}) {
                    for (int at = 0; at < size; at += chunk) {
                        int n = Math.min(chunk, size - at);
                        assertEquals(-1, p.mismatch(text, seq, at, wire.slice(at, n)), "chunk at " + at + " of " + n);
                    }
                }
            }
        }
    }

    @Test
    void streamingCheckNamesTheFirstWrongByteAndBytesPastTheEnd() {
        Payloads p = new Payloads(5000);
        ByteBuffer wire = ByteBuffer.allocate(5001);
        p.write(false, 9, wire);
        wire.put(4321, (byte) (wire.get(4321) + 1));
        assertEquals(4321, p.mismatch(false, 9, 4000, wire.slice(4000, 1000)));
        assertEquals(-1, p.mismatch(false, 9, 0, wire.slice(0, 4000)));
        assertEquals(7, p.mismatch(false, 8, 0, wire.slice(0, 100)), "another message's stamp differs in its last byte");
        assertEquals(5000, p.mismatch(false, 9, 4500, wire.slice(4500, 501)), "one byte too many");
        ByteBuffer text = ByteBuffer.allocate(5000);
        p.write(true, 9, text);
        assertEquals(15, p.mismatch(true, 8, 0, text.flip()), "text stamps are hex digits");
    }

    @Test
    void stampOfReadsTheSequenceNumberBack() {
        Payloads p = new Payloads(64);
        for (long seq : new long[] {0, 42, 7L << 40 | 123_456, Long.MAX_VALUE}) {
            for (boolean text : new boolean[] {true, false}) {
                ByteBuffer wire = ByteBuffer.allocate(64);
                p.write(text, seq, wire);
                assertEquals(seq, Payloads.stampOf(text, wire.flip()));
            }
        }
        assertEquals(-1, Payloads.stampOf(true, ByteBuffer.wrap("{\"type\":\"hello\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        assertEquals(-1, Payloads.stampOf(true, ByteBuffer.wrap("00000000000000AB".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    }
}
