package dev.wskit.echo;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EchoRemote} for tests without a container. Every send is recorded with the thread that made it; a client
 * that "does not read" is {@link #stall stalled}: blocking sends and pings wait, asynchronous sends stay in flight,
 * until the test lets them through ({@link #read}) or {@link #abort} fails them. Counts sends in flight at once.
 *
 * <p>Thread-safe.
 */
final class FakeRemote implements EchoRemote {

    /** A send as the client would see it. */
    record Sent(String kind, String data, boolean last, String thread) {
    }

    final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    final CompletableFuture<EchoQueue.Close> closed = new CompletableFuture<>();
    final CompletableFuture<Void> aborted = new CompletableFuture<>();
    final AtomicInteger maxInFlight = new AtomicInteger();

    private final AtomicInteger inFlight = new AtomicInteger();
    private final BlockingQueue<SendHandler> parked = new LinkedBlockingQueue<>();
    /** Permits to complete sends while stalled; unlimited while reading. */
    private final Semaphore permits = new Semaphore(Integer.MAX_VALUE);
    private volatile boolean stalled;
    private volatile boolean broken;

    /** From now on nothing completes until {@link #read}. */
    void stall() {
        stalled = true;
        permits.drainPermits();
    }

    /** The client reads again: everything waiting completes. */
    void read() {
        stalled = false;
        permits.release(Integer.MAX_VALUE / 2);
        SendHandler h;
        while ((h = parked.poll()) != null) {
            finish(h, null);
        }
    }

    Sent next() throws InterruptedException {
        Sent s = sent.poll(20, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("nothing was sent within 20 s");
        }
        return s;
    }

    @Override
    public void sendText(String text, SendHandler done) {
        start("text", text, true);
        async(done);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler done) {
        start("binary", StandardCharsets.ISO_8859_1.decode(data.duplicate()).toString(), true);
        async(done);
    }

    @Override
    public void sendText(String part, boolean last) throws IOException {
        start("text-part", part, last);
        block();
    }

    @Override
    public void sendBinary(ByteBuffer part, boolean last) throws IOException {
        start("binary-part", StandardCharsets.ISO_8859_1.decode(part.duplicate()).toString(), last);
        block();
    }

    @Override
    public void sendPing(ByteBuffer payload) throws IOException {
        start("ping", "", true);
        block();
    }

    @Override
    public void close(int code, String reason) {
        closed.complete(new EchoQueue.Close(code, reason));
    }

    @Override
    public void abort() {
        broken = true;
        aborted.complete(null);
        permits.release(Integer.MAX_VALUE / 2);
        SendHandler h;
        while ((h = parked.poll()) != null) {
            finish(h, new IOException("aborted"));
        }
    }

    @Override
    public boolean isOpen() {
        return !broken;
    }

    @Override
    public String id() {
        return "fake";
    }

    private void start(String kind, String data, boolean last) {
        int n = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(n, Math::max);
        sent.add(new Sent(kind, data, last, Thread.currentThread().getName()));
    }

    private void async(SendHandler done) {
        if (stalled) {
            parked.add(done);
            if (!stalled && parked.remove(done)) {
                finish(done, null); // read() ran in between
            }
        } else {
            finish(done, broken ? new IOException("aborted") : null);
        }
    }

    private void block() throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            inFlight.decrementAndGet();
        }
        if (broken) {
            throw new IOException("aborted");
        }
    }

    private void finish(SendHandler done, Throwable failure) {
        inFlight.decrementAndGet();
        done.onResult(failure == null ? new SendResult() : new SendResult(failure));
    }
}
