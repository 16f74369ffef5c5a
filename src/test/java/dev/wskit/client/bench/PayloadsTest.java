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
}
