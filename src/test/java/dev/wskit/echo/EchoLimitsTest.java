package dev.wskit.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wskit.testing.Clients;
import dev.wskit.testing.Recorder;
import dev.wskit.testing.WskitServer;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each echo size limit and the idle timeout, one past the limit, on a server configured small. */
class EchoLimitsTest {

    private static final int TEXT_LIMIT = 1000;
    private static final int BINARY_LIMIT = 2000;
    private static final int REPEAT_LIMIT = 300;

    private static WskitServer server;

    @BeforeAll
    static void start() {
        server = WskitServer.start(Map.of(
                "wskit.echo.maxTextMessageSize", String.valueOf(TEXT_LIMIT),
                "wskit.echo.maxBinaryMessageSize", String.valueOf(BINARY_LIMIT),
                "wskit.echo.maxRepeatMessageSize", String.valueOf(REPEAT_LIMIT),
                "wskit.messageBufferSize", "1024",
                "wskit.idleTimeout", "1000"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void echoesTextOfExactlyTheLimitCountedInUtf8Bytes() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server.ws("/echo"));
        String text = "é".repeat(TEXT_LIMIT / 2); // 500 chars, 1000 bytes
        session.getBasicRemote().sendText(text);
        assertEquals(text, client.nextText());
        session.close();
        client.assertNoErrors();
    }

    @Test
    void closesWithTooBigWhenTextExceedsLimitInUtf8Bytes() throws Exception {
        Recorder bystander = new Recorder();
        Session other = Clients.connect(bystander, server.ws("/echo"));
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server.ws("/echo"));
        session.getBasicRemote().sendText("é".repeat(TEXT_LIMIT / 2) + "a"); // 1001 bytes
        client.assertClosed(1009, "Text message exceeds 1000 bytes (wskit.echo.maxTextMessageSize)");
        other.getBasicRemote().sendText("others still served");
        assertEquals("others still served", bystander.nextText());
        other.close();
        bystander.assertNoErrors();
    }

    @Test
    void closesWithTooBigWhenFragmentedTextExceedsLimitAcrossFragments() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server.ws("/echo"));
        session.getBasicRemote().sendText("x".repeat(600), false);
        session.getBasicRemote().sendText("x".repeat(401), true);
        client.assertClosed(1009, "wskit.echo.maxTextMessageSize");
    }

    @Test
    void closesWithTooBigWhenBinaryExceedsLimit() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server.ws("/echo"));
        byte[] atLimit = EchoContract.random(BINARY_LIMIT, 7);
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(atLimit));
        assertArrayEquals(atLimit, client.nextBinary());
        session.getBasicRemote().sendBinary(ByteBuffer.allocate(BINARY_LIMIT + 1));
        client.assertClosed(1009, "Binary message exceeds 2000 bytes (wskit.echo.maxBinaryMessageSize)");
    }

    @Test
    void closesWithTooBigWhenRepeatedMessageExceedsRepeatLimit() throws Exception {
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server.ws("/echo?repeat=2"));
        session.getBasicRemote().sendText("r".repeat(REPEAT_LIMIT));
        assertEquals("r".repeat(REPEAT_LIMIT), client.nextText());
        assertEquals("r".repeat(REPEAT_LIMIT), client.nextText());
        session.getBasicRemote().sendText("r".repeat(REPEAT_LIMIT + 1));
        client.assertClosed(1009, "wskit.echo.maxRepeatMessageSize");
    }

    @Test
    void streamsMessagesLargerThanTheContainerBuffer() throws Exception {
        // 1,900 bytes through a 1,024-byte container buffer: only possible because parts are streamed.
        Recorder client = new Recorder();
        Session session = Clients.connect(client, server.ws("/echo"));
        byte[] payload = EchoContract.random(1900, 8);
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(payload));
        assertArrayEquals(payload, client.nextBinary());
        session.close();
        client.assertNoErrors();
    }

    @Test
    void closesIdleConnectionsAfterTheIdleTimeout() {
        Recorder client = new Recorder();
        Clients.connect(client, server.ws("/echo"));
        client.assertClosed(1001, "");
        client.assertNoErrors();
    }
}
