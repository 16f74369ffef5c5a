package dev.wskit.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.ClientMessageDecoder;
import dev.wskit.codec.CloseCodes;
import dev.wskit.codec.ServerMessage;
import dev.wskit.codec.ServerMessageDecoder;
import dev.wskit.config.Setting;
import dev.wskit.config.Settings;
import jakarta.websocket.ClientEndpointConfig;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RoomConnection} and {@link BoardConnection} driven as a container would (decoded text, binary parts), without one. */
class ConnectionTest {

    private final RoomLimits limits = RoomLimits.from(Settings.defaults().with(Setting.ROOMS_MAX_TEXT_MESSAGE_SIZE, 100)
            .with(Setting.BOARDS_MAX_MESSAGE_SIZE, 64));
    private final LocalBackplane backplane = new LocalBackplane(limits);
    private final ClientMessageDecoder.Total decoder = declared(100);

    /** The endpoint's declared decoder, initialised as the container does, with the bound wskit puts in the config. */
    private static ClientMessageDecoder.Total declared(long maxBytes) {
        ClientMessageDecoder.Total d = new ClientMessageDecoder.Total();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
        config.getUserProperties().put(ClientMessageDecoder.MAX_BYTES, maxBytes);
        d.init(config);
        return d;
    }

    private static ServerMessage last(FakeTransport t) throws Exception {
        List<String> texts = t.texts();
        return new ServerMessageDecoder().decode(texts.get(texts.size() - 1));
    }

    @Test
    void joinsAndLeavesWithTheDecodedRequests() throws Exception {
        FakeTransport t = new FakeTransport(true);
        RoomConnection c = new RoomConnection("r", t, backplane, limits);
        c.message(decoder.decode("{\"type\":\"join\",\"nick\":\"alice\"}"));
        assertEquals(List.of("alice"), backplane.room("r").members());
        c.closed();
        assertEquals(0, backplane.roomCount());
    }

    @Test
    void closesWithTooBigWhenTheDecoderSaysTheMessageIsOverTheLimit() {
        FakeTransport t = new FakeTransport(true);
        RoomConnection c = new RoomConnection("r", t, backplane, limits);
        // 34 characters the container may let through (it counts characters), 102 bytes in UTF-8.
        c.message(decoder.decode("\u20ac".repeat(34)));
        assertEquals(CloseCodes.TOO_BIG, t.close);
        assertTrue(t.closeReason.contains("over 100 bytes (wskit.rooms.maxTextMessageSize)"), t.closeReason);
        c.message(decoder.decode("{\"type\":\"join\",\"nick\":\"late\"}"));
        assertEquals(0, t.sent().size(), "nothing after the close");
    }

    @Test
    void answersBadInputWithAnErrorAndKeepsTheConnection() throws Exception {
        FakeTransport t = new FakeTransport(true);
        RoomConnection c = new RoomConnection("r", t, backplane, limits);
        c.message(decoder.decode("not json"));
        assertEquals("bad-message", ((ServerMessage.Error) last(t)).code());
        c.message(decoder.decode("{\"type\":\"say\",\"text\":\"hi\"}"));
        assertEquals("not-joined", ((ServerMessage.Error) last(t)).code());
        c.binary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
        assertEquals("not-joined", ((ServerMessage.Error) last(t)).code());
        c.message(decoder.decode("{\"type\":\"join\",\"nick\":\"\"}"));
        assertEquals("bad-nick", ((ServerMessage.Error) last(t)).code());
        assertNull(t.close);
        assertTrue(t.sent().stream().allMatch(ServerMessage.Error.class::isInstance),
                "replies go out as objects, for the endpoint's declared encoder");
    }

    @Test
    void boardsCloseTextWith1003AndOversizeWith1009() {
        FakeTransport text = new FakeTransport(true);
        new BoardConnection("b", text, backplane, limits).text("hi", true);
        assertEquals(CloseCodes.UNSUPPORTED_DATA, text.close);
        FakeTransport big = new FakeTransport(true);
        BoardConnection c = new BoardConnection("b2", big, backplane, limits);
        c.binary(ByteBuffer.allocate(40), false);
        c.binary(ByteBuffer.allocate(25), false);
        assertEquals(CloseCodes.TOO_BIG, big.close);
        assertTrue(big.closeReason.contains("wskit.boards.maxMessageSize"), big.closeReason);
        assertEquals(0, backplane.boardCount(), "closed members leave their boards");
    }
}
