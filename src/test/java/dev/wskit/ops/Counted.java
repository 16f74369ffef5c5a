package dev.wskit.ops;

import dev.wskit.testing.Clients;
import dev.wskit.testing.Recorder;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A test client that counts, as the server should: whole messages and payload bytes it sent and received. What the
 * server reports in its metrics for an endpoint must equal the sums over that endpoint's clients. Not thread-safe:
 * one test thread drives it.
 */
final class Counted {

    final Recorder recorder = new Recorder();
    final Session session;
    final URI uri;
    long sent;
    long sentBytes;
    long received;
    long receivedBytes;

    Counted(URI uri, List<String> subprotocols) {
        this.uri = uri;
        session = Clients.connect(recorder, uri, ClientEndpointConfig.Builder.create().preferredSubprotocols(subprotocols).build());
    }

    Counted(URI uri) {
        this(uri, List.of());
    }

    /** A room member: connects to {@code room}, joins as {@code nick} and waits for the room's {@code here}. */
    static Counted joined(URI room, String nick) throws IOException {
        Counted c = new Counted(room);
        c.text("{\"type\":\"join\",\"nick\":\"" + nick + "\"}");
        c.textContaining("\"event\":\"here\"");
        return c;
    }

    void text(String text) throws IOException {
        session.getBasicRemote().sendText(text);
        sent++;
        sentBytes += text.getBytes(StandardCharsets.UTF_8).length;
    }

    void binary(byte[] bytes) throws IOException {
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(bytes));
        sent++;
        sentBytes += bytes.length;
    }

    String nextText() {
        String t = recorder.nextText();
        received++;
        receivedBytes += t.getBytes(StandardCharsets.UTF_8).length;
        return t;
    }

    /** Reads text messages until one contains {@code fragment}; returns it. */
    String textContaining(String fragment) {
        while (true) {
            String t = nextText();
            if (t.contains(fragment)) {
                return t;
            }
        }
    }

    byte[] nextBinary() {
        byte[] b = recorder.nextBinary();
        received++;
        receivedBytes += b.length;
        return b;
    }

    /** Closes with {@code code}, waits for the close, and counts whatever arrived meanwhile. */
    CloseReason close(CloseReason.CloseCode code, String reason) throws IOException {
        session.close(new CloseReason(code, reason));
        return closed();
    }

    /** Waits for the close (from either side) and counts whatever arrived before it. */
    CloseReason closed() {
        CloseReason r = recorder.awaitClose();
        for (String t; (t = recorder.texts.poll()) != null; ) {
            received++;
            receivedBytes += t.getBytes(StandardCharsets.UTF_8).length;
        }
        for (byte[] b; (b = recorder.binaries.poll()) != null; ) {
            received++;
            receivedBytes += b.length;
        }
        return r;
    }
}
