package dev.wskit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one recording endpoint of the test suite, client or server side: every event goes into a queue or future
 * that a test waits on with a timeout, never with a sleep.
 *
 * <p>Thread-safe: the container records from its threads while the test reads from its own.
 */
public class Recorder extends Endpoint {

    /** How long a test waits for an event before it fails. Generous: CI has two busy cores. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    public final CompletableFuture<Session> opened = new CompletableFuture<>();
    public final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    public final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    public final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    public final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    public final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) texts::add);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) buffer -> binaries.add(bytes(buffer)));
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> pongs.add(bytes(pong.getApplicationData())));
        opened.complete(session);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        closed.complete(reason);
    }

    @Override
    public void onError(Session session, Throwable failure) {
        errors.add(failure);
    }

    public Session session() {
        return await(opened, "open");
    }

    public String nextText() {
        return poll(texts, "text message");
    }

    public byte[] nextBinary() {
        return poll(binaries, "binary message");
    }

    public byte[] nextPong() {
        return poll(pongs, "pong");
    }

    public CloseReason awaitClose() {
        return await(closed, "close");
    }

    /** Asserts the close code and reason the peer sent, and that nothing went wrong on the way. */
    public void assertClosed(int code, String reasonFragment) {
        CloseReason reason = awaitClose();
        assertEquals(code, reason.getCloseCode().getCode(), "close code; reason was: " + reason.getReasonPhrase());
        assertTrue(reason.getReasonPhrase().contains(reasonFragment),
                "close reason '" + reason.getReasonPhrase() + "' should contain '" + reasonFragment + "'");
    }

    public void assertNoErrors() {
        if (!errors.isEmpty()) {
            AssertionError e = new AssertionError("endpoint reported " + errors.size() + " error(s)", errors.get(0));
            throw e;
        }
    }

    private static <T> T poll(BlockingQueue<T> queue, String what) {
        try {
            T item = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(item, "no " + what + " within " + WAIT);
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return fail("no " + what + " within " + WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }
}
