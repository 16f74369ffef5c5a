package dev.wskit.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The JDK's own WebSocket client ({@code java.net.http}), for {@code wss:} with a test certificate: unlike the
 * Jakarta client, it takes an {@link SSLContext} portably. Whole text messages go into a queue a test polls with a
 * timeout.
 *
 * <p>Thread-safe: the client delivers on its threads, the test reads on its own.
 */
public final class JdkWebSocket implements AutoCloseable {

    private final WebSocket socket;
    private final BlockingQueue<String> texts;
    private final CompletableFuture<Integer> closed;

    private JdkWebSocket(WebSocket socket, BlockingQueue<String> texts, CompletableFuture<Integer> closed) {
        this.socket = socket;
        this.texts = texts;
        this.closed = closed;
    }

    /** Opens {@code uri} trusting what {@code tls} trusts, with {@code headers} added to the handshake. */
    public static JdkWebSocket connect(URI uri, SSLContext tls, Map<String, String> headers) {
        BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    texts.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
        HttpClient.Builder client = HttpClient.newBuilder();
        if (tls != null) {
            client.sslContext(tls);
        }
        WebSocket.Builder builder = client.build().newWebSocketBuilder();
        headers.forEach(builder::header);
        try {
            WebSocket ws = builder.buildAsync(uri, listener).get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return new JdkWebSocket(ws, texts, closed);
        } catch (Exception e) {
            throw new AssertionError("could not connect to " + uri, e);
        }
    }

    /** The HTTP status a refused handshake got; fails when the handshake succeeds. */
    public static int refusal(URI uri, SSLContext tls, Map<String, String> headers) {
        try {
            connect(uri, tls, headers).close();
        } catch (AssertionError e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.http.WebSocketHandshakeException h) {
                    return h.getResponse().statusCode();
                }
            }
            throw e;
        }
        throw new AssertionError("the handshake to " + uri + " was accepted");
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public String nextText() {
        try {
            String t = texts.poll(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(t, "no text message within " + Recorder.WAIT);
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next text containing {@code fragment}, skipping others. */
    public String until(String fragment) {
        while (true) {
            String t = nextText();
            if (t.contains(fragment)) {
                return t;
            }
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> null).join();
        try {
            closed.get(Recorder.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            socket.abort();
        }
    }
}
