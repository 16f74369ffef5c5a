package dev.wskit.client.bench;

import dev.wskit.client.Failure;
import dev.wskit.client.raw.RawConnection;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * One bench connection to an echo server over wskit's own {@link dev.wskit.client.raw.RawClient}: what
 * {@link EchoLoad} does over the Jakarta client, without its costs. Keeps up to {@code inFlight} messages
 * outstanding, checks every echoed byte in place as it arrives ({@link Payloads#mismatch}), and times the round
 * trip. Echoes come back in order, so the next one is always message number {@code received}; send times wait in a
 * ring of {@code inFlight} slots. No allocation per message.
 *
 * <p>Threading: confined to the raw client's thread, but for {@link #done}, which the bench thread waits on.
 */
final class RawEchoLoad implements EchoMode.Connection, BenchRun.RawLoad {

    private final Payloads payloads;
    private final boolean binary;
    private final long budget;
    private final BooleanSupplier stopping;
    private final BenchStats stats;
    private final long[] sentAt;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final RawConnection.PayloadWriter writer = this::writeNext;
    private RawConnection connection;
    private long sent;
    private long received;
    /** Bytes of the echo in progress seen so far. */
    private int offset;
    private boolean failed;

    RawEchoLoad(Payloads payloads, boolean binary, int inFlight, long budget, BooleanSupplier stopping, BenchStats stats) {
        this.payloads = payloads;
        this.binary = binary;
        this.budget = budget;
        this.stopping = stopping;
        this.stats = stats;
        this.sentAt = new long[inFlight];
    }

    @Override
    public CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void opened(RawConnection opened) {
        this.connection = opened;
        pump();
    }

    @Override
    public void data(RawConnection from, boolean text, ByteBuffer chunk, boolean last) {
        if (failed) {
            return;
        }
        if (received == sent) {
            fail("unexpected-message", "an echo nobody asked for");
            return;
        }
        if (text == binary) {
            fail("mismatch", (text ? "text" : "binary") + " echo of a " + (binary ? "binary" : "text") + " message");
            return;
        }
        int wrong = payloads.mismatch(text, received, offset, chunk);
        offset += chunk.remaining();
        if (wrong < 0 && last && offset != payloads.size()) {
            wrong = offset;
        }
        if (wrong >= 0) {
            fail("mismatch", wrong < 16 && wrong < payloads.size() ? "message " + received + " expected, got another (lost, duplicated or reordered)"
                    : "length or content differs at byte " + wrong + " of message " + received);
            return;
        }
        if (last) {
            stats.echoed(payloads.size(), System.nanoTime() - sentAt[(int) (received % sentAt.length)]);
            received++;
            offset = 0;
            pump();
        }
    }

    @Override
    public void closed(RawConnection from, int code, String reason) {
        if (!done.isDone()) {
            stats.error("closed-" + code);
        }
        done.complete(null);
    }

    /** Closes the connection normally at the end of the run. Client thread. */
    void close() {
        connection.close(1000, "bench done");
    }

    private void pump() {
        while (!failed && sent - received < sentAt.length && sent < budget && !stopping.getAsBoolean()) {
            sentAt[(int) (sent % sentAt.length)] = System.nanoTime();
            connection.send(!binary, payloads.size(), writer);
            sent++;
        }
        if (sent == received && (sent >= budget || stopping.getAsBoolean())) {
            done.complete(null);
        }
    }

    private void writeNext(ByteBuffer into) {
        payloads.write(!binary, sent, into);
    }

    /** Once the run is stopping: completes now if nothing is outstanding, else when the last echo arrives. Client thread. */
    @Override
    public void stop() {
        if (connection != null) {
            pump();
        }
    }

    private void fail(String kind, String detail) {
        failed = true;
        stats.error(kind);
        done.complete(null);
        String reason = Failure.oneLine(kind + ": " + detail);
        connection.close(4000, reason.substring(0, Math.min(100, reason.length())));
    }
}
