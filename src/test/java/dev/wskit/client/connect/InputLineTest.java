package dev.wskit.client.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Parsing of interactive input lines. No server. */
class InputLineTest {

    @Test
    void plainLineIsText() {
        assertEquals(new InputLine(InputLine.Kind.TEXT, "hello /world", 0), InputLine.parse("hello /world"));
    }

    @Test
    void doubleSlashSendsALeadingSlash() {
        assertEquals(new InputLine(InputLine.Kind.TEXT, "/close", 0), InputLine.parse("//close"));
    }

    @Test
    void commandsParse() {
        assertEquals(new InputLine(InputLine.Kind.BINARY, "a b.bin", 0), InputLine.parse("/binary a b.bin"));
        assertEquals(new InputLine(InputLine.Kind.PING, "x y", 0), InputLine.parse("/ping x y"));
        assertEquals(new InputLine(InputLine.Kind.CLOSE, "", 1000), InputLine.parse("/close"));
        assertEquals(new InputLine(InputLine.Kind.CLOSE, "", 1000), InputLine.parse("/quit"));
        assertEquals(new InputLine(InputLine.Kind.CLOSE, "going home", 4000), InputLine.parse("/close 4000 going home"));
        assertEquals(InputLine.Kind.HELP, InputLine.parse("/help").kind());
    }

    @Test
    void badCommandsAreInvalidWithAReason() {
        assertTrue(InputLine.parse("/close 1005").argument().contains("cannot be sent"));
        assertTrue(InputLine.parse("/close 999").argument().contains("cannot be sent"));
        assertTrue(InputLine.parse("/close 5000").argument().contains("cannot be sent"));
        assertTrue(InputLine.parse("/close soon").argument().contains("usage"));
        assertTrue(InputLine.parse("/close 1000 " + "r".repeat(124)).argument().contains("too long"));
        assertTrue(InputLine.parse("/binary").argument().contains("usage"));
        assertTrue(InputLine.parse("/frobnicate").argument().contains("unknown command"));
        assertEquals(InputLine.Kind.INVALID, InputLine.parse("/frobnicate").kind());
    }
}
