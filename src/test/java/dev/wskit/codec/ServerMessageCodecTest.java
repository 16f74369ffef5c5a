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
    void roundTripsEveryType() throws Exception {
        for (ServerMessage m : new ServerMessage[] {new ServerMessage.Said("r", 1, 2, "n", "t\u00e9\"\\"),
                new ServerMessage.Presence("r", 3, 4, "join", "bob", List.of("alice", "bob")),
                new ServerMessage.Presence("r", 5, 6, "leave", "bob", List.of()),
                new ServerMessage.History("r", 5, 2, 9), new ServerMessage.Gap("r", 5, 40, 9),
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
