package dev.wskit.client.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Attachment;
import dev.wskit.codec.ServerMessage;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code rooms} makes of typed lines and of room messages, without a server. */
class RoomLineTest {

    @Test
    void plainLinesAreSaidAndDoubleSlashEscapesACommand() {
        assertEquals(new RoomLine(RoomLine.Kind.SAY, "hello /who", null, 0), RoomLine.parse("hello /who"));
        assertEquals(new RoomLine(RoomLine.Kind.SAY, "/who", null, 0), RoomLine.parse("//who"));
        assertEquals(RoomLine.Kind.NOTHING, RoomLine.parse("   ").kind());
    }

    @Test
    void commandsTakeTheirArguments() {
        assertEquals(new RoomLine(RoomLine.Kind.ATTACH, "a.png", "image/png", 0), RoomLine.parse("/attach a.png image/png"));
        assertEquals(new RoomLine(RoomLine.Kind.ATTACH, "a.bin", null, 0), RoomLine.parse("/attach a.bin"));
        assertEquals(new RoomLine(RoomLine.Kind.HISTORY, "", null, 41), RoomLine.parse("/history 41"));
        assertEquals(new RoomLine(RoomLine.Kind.HISTORY, "", null, 0), RoomLine.parse("/history"));
        assertEquals(RoomLine.Kind.WHO, RoomLine.parse("/who").kind());
        assertEquals(RoomLine.Kind.QUIT, RoomLine.parse("/quit").kind());
    }

    @Test
    void badCommandsAreInvalidWithAUsageLine() {
        assertTrue(RoomLine.parse("/history -1").argument().startsWith("usage: /history"));
        assertTrue(RoomLine.parse("/history x").argument().startsWith("usage: /history"));
        assertTrue(RoomLine.parse("/attach").argument().startsWith("usage: /attach"));
        assertEquals(RoomLine.Kind.INVALID, RoomLine.parse("/nope").kind());
    }

    @Test
    void printerRemembersTheLastSequenceAndWhoIsHere() {
        RoomPrinter p = new RoomPrinter();
        assertEquals("* in the room: nobody (not joined)", p.who());
        assertEquals("[3] * carol joined (you)", p.line(new ServerMessage.Presence("r", 3, 0, "join", "carol", List.of()), "carol"));
        assertEquals("* in the room: alice, carol", p.line(new ServerMessage.Presence("r", 3, 0, "here", "carol", List.of("alice", "carol")), "carol"));
        assertEquals("[4] * bob joined", p.line(new ServerMessage.Presence("r", 4, 0, "join", "bob", List.of()), "carol"));
        assertEquals("[5] * alice left", p.line(new ServerMessage.Presence("r", 5, 0, "leave", "alice", List.of()), "carol"));
        assertEquals("* in the room: carol, bob", p.who());
        assertEquals("[6] bob sent a.png (image/png, 3 B)",
                p.line(new Attachment(6, 0, "bob", "image/png", "a.png", ByteBuffer.wrap(new byte[] {1, 2, 3}))));
        assertEquals("[2] bob: replayed", p.line(new ServerMessage.Said("r", 2, 0, "bob", "replayed"), "carol"));
        assertEquals(6, p.lastSeq());
    }

    @Test
    void gapNamesTheLostNumbersOrTheRestartOfTheRoom() {
        RoomPrinter p = new RoomPrinter();
        assertEquals("! gap: messages 6 to 39 are lost (no longer in the room's history)",
                p.line(new ServerMessage.Gap("r", 5, 40, 0), "carol"));
        p.line(new ServerMessage.Said("r", 50, 0, "bob", "x"), "carol");
        assertTrue(p.line(new ServerMessage.Gap("r", 50, 1, 0), "carol").startsWith("! gap: the room restarted since message 50"));
        // Numbering restarted: the next resume must ask from the new numbers, not from 50.
        assertEquals(0, p.lastSeq());
        // A restart the numbers alone would not show (another epoch, since still below the room's last number):
        // the gap says so, and the printer takes the new epoch for the next resume.
        p.line(new ServerMessage.Presence("r", 9, 0, "here", "carol", List.of("carol"), "e1"), "carol");
        p.line(new ServerMessage.Said("r", 12, 0, "bob", "x"), "carol");
        assertEquals("e1", p.lastEpoch());
        assertTrue(p.line(new ServerMessage.Gap("r", 12, 3, 0, "e2", true), "carol").startsWith("! gap: the room restarted"));
        assertEquals(2, p.lastSeq());
        assertEquals("e2", p.lastEpoch());
        p.line(new ServerMessage.History("r", 2, 1, 0, "e2"), "carol");
        assertEquals("e2", p.lastEpoch());
        assertEquals("! error bad-nick: no", p.line(new ServerMessage.Error("bad-nick", "no", 0), "carol"));
    }
}
