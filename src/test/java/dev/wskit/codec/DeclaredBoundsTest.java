package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.EndpointConfig;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Decoders the container instantiates (no-arg) take their bound from the endpoint's user properties in {@code init},
 * under the key their class defines, and keep the documented default without it. No container: a plain config.
 */
class DeclaredBoundsTest {

    private static EndpointConfig config(Map<String, Object> properties) {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
        config.getUserProperties().putAll(properties);
        return config;
    }

    private static String say(int bytes) {
        String prefix = "{\"type\":\"say\",\"text\":\"";
        return prefix + "x".repeat(bytes - prefix.length() - 2) + "\"}";
    }

    @Test
    void clientMessageDecoderTakesItsBoundFromItsProperty() {
        ClientMessageDecoder byDefault = new ClientMessageDecoder();
        byDefault.init(config(Map.of()));
        assertTrue(byDefault.willDecode(say((int) ClientMessageDecoder.DEFAULT_MAX_BYTES)));
        assertFalse(byDefault.willDecode(say((int) ClientMessageDecoder.DEFAULT_MAX_BYTES + 1)));

        ClientMessageDecoder declared = new ClientMessageDecoder();
        declared.init(config(Map.of(ClientMessageDecoder.MAX_BYTES, 100L)));
        assertTrue(declared.willDecode(say(100)));
        assertFalse(declared.willDecode(say(101)));
    }

    @Test
    void attachmentDecoderTakesItsBoundFromItsProperty() throws Exception {
        AttachmentEncoder encoder = new AttachmentEncoder();
        ByteBuffer small = encoder.encode(new Attachment(0, 0, "", "a/b", "f", ByteBuffer.allocate(100)));
        AttachmentDecoder declared = new AttachmentDecoder();
        declared.init(config(Map.of(AttachmentDecoder.MAX_BYTES, (long) small.remaining())));
        assertTrue(declared.willDecode(small));
        declared.init(config(Map.of(AttachmentDecoder.MAX_BYTES, (long) small.remaining() - 1)));
        assertFalse(declared.willDecode(small));

        AttachmentDecoder byDefault = new AttachmentDecoder();
        byDefault.init(config(Map.of()));
        ByteBuffer atDefault = encoder.encode(new Attachment(0, 0, "", "a/b", "f",
                ByteBuffer.allocate((int) AttachmentDecoder.DEFAULT_MAX_BYTES - small.remaining() + 100)));
        assertTrue(byDefault.willDecode(atDefault));
    }

    @Test
    void strokesAndServerMessageDecodersTakeTheirBoundsFromTheirProperties() throws Exception {
        ByteBuffer line = new StrokesEncoder().encode(Strokes.of(Stroke.line(0xFF, 1, 1, 2, 3, 4)));
        StrokesDecoder strokes = new StrokesDecoder();
        strokes.init(config(Map.of(StrokesDecoder.MAX_BYTES, (long) line.remaining() - 1)));
        assertFalse(strokes.willDecode(line));
        strokes.init(config(Map.of(StrokesDecoder.MAX_BYTES, (long) line.remaining())));
        assertTrue(strokes.willDecode(line));

        String error = new ServerMessageEncoder().encode(new ServerMessage.Error("c", "m", 1));
        ServerMessageDecoder server = new ServerMessageDecoder();
        server.init(config(Map.of(ServerMessageDecoder.MAX_BYTES, (long) error.length() - 1)));
        assertFalse(server.willDecode(error));
    }

    @Test
    void aBoundThatIsNotAPositiveNumberIsRefusedNamingItsKey() {
        ClientMessageDecoder decoder = new ClientMessageDecoder();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decoder.init(config(Map.of(ClientMessageDecoder.MAX_BYTES, "16k"))));
        assertTrue(e.getMessage().contains(ClientMessageDecoder.MAX_BYTES), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> decoder.init(config(Map.of(ClientMessageDecoder.MAX_BYTES, 0))));
    }
}
