package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EncodeException;
import org.junit.jupiter.api.Test;

class ClientMessageCodecTest {

    private final ClientMessageDecoder decoder = new ClientMessageDecoder(1024);
    private final ClientMessageEncoder encoder = new ClientMessageEncoder();

    @Test
    void decodesJoinWithAndWithoutSince() throws Exception {
        assertEquals(new ClientMessage.Join("alice", 41L), decoder.decode("{\"type\":\"join\",\"nick\":\"alice\",\"since\":41}"));
        assertEquals(new ClientMessage.Join("bob", null), decoder.decode(" {\"nick\":\"bob\",\"type\":\"join\"} "));
    }

    @Test
    void joinAndHistoryTakeAnOptionalEpochOfAtMost64Characters() throws Exception {
        assertEquals(new ClientMessage.Join("alice", 41L, "9f86d081884c7d65"),
                decoder.decode("{\"type\":\"join\",\"nick\":\"alice\",\"since\":41,\"epoch\":\"9f86d081884c7d65\"}"));
        assertEquals(new ClientMessage.History(7, "e"), decoder.decode("{\"type\":\"history\",\"since\":7,\"epoch\":\"e\"}"));
        assertEquals(new ClientMessage.History(7, null), decoder.decode("{\"type\":\"history\",\"since\":7,\"epoch\":null}"));
        assertEquals("{\"type\":\"join\",\"nick\":\"a\",\"since\":3,\"epoch\":\"e\"}",
                encoder.encode(new ClientMessage.Join("a", 3L, "e")));
        for (String bad : new String[] {"{\"type\":\"join\",\"nick\":\"a\",\"epoch\":5}",
                "{\"type\":\"join\",\"nick\":\"a\",\"epoch\":\"\"}",
                "{\"type\":\"history\",\"since\":1,\"epoch\":\"" + "x".repeat(65) + "\"}"}) {
            DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(bad), bad);
            assertTrue(e.getMessage().contains("'epoch'"), e.getMessage());
        }
        decoder.decode("{\"type\":\"history\",\"since\":1,\"epoch\":\"" + "x".repeat(64) + "\"}");
    }

    @Test
    void decodesSayAndHistoryIgnoringUnknownFields() throws Exception {
        assertEquals(new ClientMessage.Say("hi \"there\" \u00e9\ud83d\ude00"),
                decoder.decode("{\"type\":\"say\",\"text\":\"hi \\\"there\\\" \u00e9\ud83d\ude00\",\"extra\":[\"x\"]}"));
        assertEquals(new ClientMessage.History(7), decoder.decode("{\"type\":\"history\",\"since\":7}"));
    }

    @Test
    void roundTripsEveryType() throws Exception {
        for (ClientMessage m : new ClientMessage[] {new ClientMessage.Join("n\u00f6", 3L), new ClientMessage.Join("x", null),
                new ClientMessage.Join("x", 9L, "0123456789abcdef"), new ClientMessage.History(2, "0123456789abcdef"),
                new ClientMessage.Say("line1\nline2\t\u0000"), new ClientMessage.History(0)}) {
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
    void malformedJsonIsADecodeExceptionWithReason() {
        for (String bad : new String[] {"", "{", "nope", "[1,2]", "{\"type\":\"say\",\"text\":\"x\"} trailing",
                "{\"type\":\"say\",\"text\":\"x\",\"text\":\"y\"}", "{\"type\":\"say\",\"text\":{\"nested\":1}}",
                "{\"type\":\"say\",\"text\":5}", "{\"type\":\"join\"}", "{\"type\":\"history\",\"since\":-1}",
                "{\"type\":\"history\",\"since\":99999999999999999999999}", "{\"type\":\"history\",\"since\":1.5}"}) {
            DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(bad), bad);
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), bad);
            decoder.willDecode(bad);
        }
    }

    @Test
    void unknownOrMissingTypeIsNamedInTheReason() {
        DecodeException unknown = assertThrows(DecodeException.class, () -> decoder.decode("{\"type\":\"dance\"}"));
        assertTrue(unknown.getMessage().contains("unknown message type 'dance'"), unknown.getMessage());
        DecodeException missing = assertThrows(DecodeException.class, () -> decoder.decode("{\"text\":\"x\"}"));
        assertTrue(missing.getMessage().contains("'type'"), missing.getMessage());
    }

    @Test
    void oversizeIsRefusedCountingUtf8Bytes() {
        String fits = "{\"type\":\"say\",\"text\":\"" + "a".repeat(1024 - 24) + "\"}";
        assertEquals(1024, fits.length());
        assertTrue(decoder.willDecode(fits));
        String over = "{\"type\":\"say\",\"text\":\"" + "\u00e9".repeat(600) + "\"}";
        assertFalse(decoder.willDecode(over));
        DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(over));
        assertTrue(e.getMessage().contains("over the limit of 1024"), e.getMessage());
    }

    @Test
    void theServersDeclaredDecoderTurnsEveryRefusalIntoAnUnreadableMessageWithTheReason() {
        ClientMessageDecoder.Total total = new ClientMessageDecoder.Total();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
        config.getUserProperties().put(ClientMessageDecoder.MAX_BYTES, 64L);
        total.init(config);
        for (String any : new String[] {"", "nope", "{", "{\"type\":\"dance\"}", "\u20ac".repeat(30)}) {
            assertTrue(total.willDecode(any), any);
        }
        assertEquals(new ClientMessage.Say("hi"), total.decode("{\"type\":\"say\",\"text\":\"hi\"}"));

        ClientMessage.Unreadable malformed = assertInstanceOf(ClientMessage.Unreadable.class, total.decode("{\"type\":"));
        assertFalse(malformed.tooBig());
        assertTrue(malformed.reason().contains("malformed JSON"), malformed.reason());
        ClientMessage.Unreadable unknown = assertInstanceOf(ClientMessage.Unreadable.class,
                total.decode("{\"type\":\"dance\"}"));
        assertTrue(unknown.reason().contains("unknown message type 'dance'"), unknown.reason());

        // 22 characters, 66 bytes: over the bound in UTF-8 bytes, whatever a container counted.
        ClientMessage.Unreadable big = assertInstanceOf(ClientMessage.Unreadable.class, total.decode("\u20ac".repeat(22)));
        assertTrue(big.tooBig(), big.reason());
        assertFalse(assertInstanceOf(ClientMessage.Unreadable.class, total.decode("\u20ac".repeat(21))).tooBig(),
                "63 bytes is within the bound; it is only malformed");
        assertInstanceOf(ClientMessage.Unreadable.class, total.decode(null));
    }

    @Test
    void anUnreadableMessageIsNeverEncoded() {
        assertThrows(EncodeException.class, () -> encoder.encode(new ClientMessage.Unreadable("x", false)));
    }
}
