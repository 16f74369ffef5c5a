package dev.wskit.client.bench;

import dev.wskit.client.Failure;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One bench connection to an echo server: keeps up to {@code inFlight} messages outstanding, checks every echo
 * byte for byte against what was sent (echoes come back in order), and records the round trip.
 *
 * <p>Threading: the container delivers messages one at a time, while {@link #start()} runs on the caller's
 * thread. Sends are issued only inside {@link #pump()}, which a work-in-progress counter keeps to one thread at a
 * time without a lock, so the order of {@code outstanding} is the order on the wire.
 */
@ClientEndpoint
public final class EchoLoad implements EchoMode.Connection {

    private final Payloads payloads;
    private final boolean binary;
    private final int inFlight;
    private final long budget;
    private final BooleanSupplier stopping;
    private final BenchStats stats;
    /** Completes when this connection has nothing more to send or wait for, or is gone. */
    public final CompletableFuture<Void> done = new CompletableFuture<>();

    private final Queue<long[]> outstanding = new ConcurrentLinkedQueue<>();
    private final AtomicInteger credits = new AtomicInteger();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private volatile Session session;
    private volatile boolean failed;

    public EchoLoad(Payloads payloads, boolean binary, int inFlight, long budget, BooleanSupplier stopping, BenchStats stats) {
        this.payloads = payloads;
        this.binary = binary;
        this.inFlight = inFlight;
        this.budget = budget;
        this.stopping = stopping;
        this.stats = stats;
    }

    @Override
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Starts sending on the connected session. */
    public void start(Session connected) {
        this.session = connected;
        credits.addAndGet(inFlight);
        pump();
    }

    @OnMessage
    public void text(String echo) {
        long[] head = outstanding.poll();
        if (head == null) {
            fail("unexpected-message", "an echo nobody asked for");
            return;
        }
        String problem = binary ? "text echo of a binary message" : payloads.checkText(head[0], echo);
        received(head, problem);
    }

    @OnMessage
    public void binary(ByteBuffer echo) {
        long[] head = outstanding.poll();
        if (head == null) {
            fail("unexpected-message", "an echo nobody asked for");
            return;
        }
        String problem = binary ? payloads.checkBinary(head[0], echo) : "binary echo of a text message";
        received(head, problem);
    }

    private void received(long[] head, String problem) {
        if (problem != null) {
            fail("mismatch", problem);
            return;
        }
        stats.echoed(payloads.size(), System.nanoTime() - head[1]);
        credits.incrementAndGet();
        pump();
    }

    @OnClose
    public void closed(CloseReason reason) {
        if (!done.isDone()) {
            stats.error("closed-" + reason.getCloseCode().getCode());
        }
        stats.connectionsOpen.decrementAndGet();
        done.complete(null);
    }

    @OnError
    public void error(Throwable failure) {
        if (!done.isDone()) {
            stats.error("error-" + failure.getClass().getSimpleName());
        }
    }

    private void pump() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        do {
            while (!failed && credits.get() > 0 && sent.get() < budget && !stopping.getAsBoolean()) {
                credits.decrementAndGet();
                long seq = sent.getAndIncrement();
                outstanding.add(new long[] {seq, System.nanoTime()});
                send(seq);
            }
            if (outstanding.isEmpty() && (sent.get() >= budget || stopping.getAsBoolean())) {
                done.complete(null);
            }
        } while (wip.decrementAndGet() != 0);
    }

    private void send(long seq) {
        SendHandler handler = result -> {
            if (!result.isOK()) {
                fail("send-failed", String.valueOf(result.getException()));
            }
        };
        if (binary) {
            session.getAsyncRemote().sendBinary(payloads.binary(seq), handler);
        } else {
            session.getAsyncRemote().sendText(payloads.text(seq), handler);
        }
    }

    /**
     * Re-checks completion once the run is stopping: a connection waiting for its last echoes completes when
     * they arrive, one with nothing outstanding completes now.
     */
    @Override
    public void stop() {
        pump();
    }

    private void fail(String kind, String detail) {
        if (failed) {
            return;
        }
        failed = true;
        stats.error(kind);
        done.complete(null);
        String reason = Failure.oneLine(kind + ": " + detail);
        try {
            // A close reason has room for 123 bytes; these are ASCII.
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4000), reason.substring(0, Math.min(100, reason.length()))));
        } catch (IOException | RuntimeException e) {
            // The connection is already being torn down; the error is counted.
        }
    }
}
