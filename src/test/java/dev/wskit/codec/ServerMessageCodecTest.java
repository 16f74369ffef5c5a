package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.DecodeException;
import jakarta.websocket.EncodeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerMessageCodecTest {

    private final ServerMessageEncoder encoder = new ServerMessageEncoder();
    private final ServerMessageDecoder decoder = new ServerMessageDecoder(4096);

    @Test
    void encodesSaidAsDocumented() throws Exception {
        assertEquals("{\"type\":\"say\",\"room\":\"lobby\",\"seq\":7,\"time\":1700000000000,\"nick\":\"alice\",\"text\":\"hello\"}",
                encoder.encode(new ServerMessage.Said("lobby", 7, 1_700_000_000_000L, "alice", "hello")));
    }

    @Test
    void theEpochTravelsWithHereHistoryAndGapButNeverWithJoinOrLeave() throws Exception {
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"seq\":8,\"time\":1,\"event\":\"here\",\"nick\":\"bob\","
                + "\"members\":[\"alice\",\"bob\"],\"epoch\":\"9f86d081884c7d65\"}", encoder.encode(new ServerMessage.Presence(
                "lobby", 8, 1, "here", "bob", List.of("alice", "bob"), "9f86d081884c7d65")));
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"seq\":8,\"time\":1,\"event\":\"join\",\"nick\":\"bob\"}",
                encoder.encode(new ServerMessage.Presence("lobby", 8, 1, "join", "bob", List.of())));
        assertEquals("{\"type\":\"history\",\"room\":\"lobby\",\"since\":5,\"count\":3,\"time\":2,\"epoch\":\"e1\"}",
                encoder.encode(new ServerMessage.History("lobby", 5, 3, 2, "e1")));
        assertEquals("{\"type\":\"gap\",\"room\":\"lobby\",\"since\":41,\"first\":1,\"time\":2,\"epoch\":\"e2\","
                + "\"restarted\":true}", encoder.encode(new ServerMessage.Gap("lobby", 41, 1, 2, "e2", true)));
        // A gap from a server without epochs still decodes: not restarted unless it says so.
        assertEquals(new ServerMessage.Gap("r", 5, 40, 9, null, false),
                decoder.decode("{\"type\":\"gap\",\"room\":\"r\",\"since\":5,\"first\":40,\"time\":9}"));
        for (String bad : new String[] {"{\"type\":\"gap\",\"room\":\"r\",\"since\":5,\"first\":40,\"time\":9,\"restarted\":1}",
                "{\"type\":\"history\",\"room\":\"r\",\"since\":5,\"count\":4,\"time\":9,\"epoch\":7}"}) {
            assertThrows(DecodeException.class, () -> decoder.decode(bad), bad);
        }
    }

    @Test
    void roundTripsEveryType() throws Exception {
        for (ServerMessage m : new ServerMessage[] {new ServerMessage.Said("r", 1, 2, "n", "t\u00e9\"\\"),
                new ServerMessage.Presence("r", 3, 4, "join", "bob", List.of("alice", "bob")),
                new ServerMessage.Presence("r", 5, 6, "leave", "bob", List.of()),
                new ServerMessage.Presence("r", 3, 4, "here", "bob", List.of("alice", "bob"), "0123456789abcdef"),
                new ServerMessage.History("r", 5, 2, 9), new ServerMessage.Gap("r", 5, 40, 9),
                new ServerMessage.History("r", 5, 2, 9, "0123456789abcdef"),
                new ServerMessage.Gap("r", 5, 1, 9, "0123456789abcdef", true),
                new ServerMessage.Error("bad-message", "malformed JSON: x", 10)}) {
            String json = encoder.encode(m);
            assertTrue(decoder.willDecode(json), json);
            assertEquals(m, decoder.decode(json));
        }
    }

    @Test
    void nullIsRefusedByBothDirections() {
        assertFalse(decoder.willDecode(null));
        assertThrows(DecodeException.class, () -> decoder.decode(null));
        assertThrows(EncodeException.class, () -> encoder.encode(null));
    }

    @Test
    void malformedOrUnknownIsADecodeException() {
        for (String bad : new String[] {"{]", "{\"type\":\"say\"}", "{\"type\":\"presence\",\"room\":\"r\",\"seq\":1,"
                + "\"time\":1,\"event\":\"join\",\"nick\":\"n\",\"members\":[1]}", "{\"type\":\"other\"}",
                "{\"type\":\"history\",\"room\":\"r\",\"since\":1,\"count\":99999999999,\"time\":1}"}) {
            assertThrows(DecodeException.class, () -> decoder.decode(bad), bad);
        }
    }

    @Test
    void oversizeIsADecodeException() {
        String big = "{\"type\":\"error\",\"code\":\"c\",\"message\":\"" + "x".repeat(5000) + "\",\"time\":1}";
        assertFalse(decoder.willDecode(big));
        assertThrows(DecodeException.class, () -> decoder.decode(big));
    }
}
