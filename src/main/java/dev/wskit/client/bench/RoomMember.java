package dev.wskit.client.bench;

import dev.wskit.client.Inbox;
import dev.wskit.codec.Attachment;
import dev.wskit.codec.ServerMessage;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * One member of the rooms bench: checks that it hears every publisher's messages, each once and in that
 * publisher's order, and records each delivery's end-to-end latency. Publishers say
 * {@code "bench P SEQ NANOS ..."} (publisher index, its sequence from 1, {@link System#nanoTime()} at sending:
 * publishers and members share the bench's JVM, so the clock is the same). Losses are counted at the end, against
 * what each publisher sent.
 *
 * <p>Threading: the container calls the listener methods one at a time for this connection; {@link #lost} and
 * {@link #distinct} are read by the bench thread after the run, so the state is guarded by this object's monitor.
 */
final class RoomMember implements Inbox<Object> {

    static final String PREFIX = "bench ";

    private final int index;
    private final String nick;
    private final BenchStats stats;
    private final BooleanSupplier stopping;
    private final BitSet[] seen;
    private final long[] highest;
    private long distinct;
    /** Completes when the room confirms this member's join (its {@code here}). */
    final CompletableFuture<Void> joined = new CompletableFuture<>();
    /** Completes when the connection closes. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    RoomMember(int index, String nick, int publishers, BenchStats stats, BooleanSupplier stopping) {
        this.index = index;
        this.nick = nick;
        this.stats = stats;
        this.stopping = stopping;
        this.seen = new BitSet[publishers];
        this.highest = new long[publishers];
        for (int p = 0; p < publishers; p++) {
            seen[p] = new BitSet();
        }
    }

    /** This member's place in the roster; members below the publisher count publish. */
    int index() {
        return index;
    }

    String nick() {
        return nick;
    }

    /** The text publisher {@code p} says as its message {@code seq}, padded with '.' to {@code size} bytes. */
    static String text(int p, long seq, long nanos, int size) {
        StringBuilder s = new StringBuilder(Math.max(size, 48)).append(PREFIX).append(p).append(' ').append(seq).append(' ')
                .append(nanos).append(' ');
        while (s.length() < size) {
            s.append('.');
        }
        return s.toString();
    }

    @Override
    public void received(Object message) {
        if (message instanceof Attachment) {
            stats.error("unexpected-attachment");
        } else if (message instanceof ServerMessage.Said said && said.text().startsWith(PREFIX)) {
            delivered(said.text());
        } else if (message instanceof ServerMessage.Presence p && p.event().equals("here") && p.nick().equals(nick)) {
            joined.complete(null);
        } else if (message instanceof ServerMessage.Error e) {
            stats.error("room-" + e.code());
            joined.completeExceptionally(new IllegalStateException(e.code() + ": " + e.message()));
        }
    }

    private void delivered(String text) {
        long now = System.nanoTime();
        String[] f = text.split(" ", 5);
        int p;
        long seq;
        long sentAt;
        try {
            p = Integer.parseInt(f[1]);
            seq = Long.parseLong(f[2]);
            sentAt = Long.parseLong(f[3]);
        } catch (RuntimeException e) {
            stats.error("mismatch");
            return;
        }
        if (p < 0 || p >= seen.length || seq < 1 || seq > Integer.MAX_VALUE) {
            stats.error("mismatch");
            return;
        }
        synchronized (this) {
            if (seen[p].get((int) seq)) {
                stats.error("duplicate");
                return;
            }
            seen[p].set((int) seq);
            distinct++;
            if (seq < highest[p]) {
                stats.error("reordered");
            }
            highest[p] = Math.max(highest[p], seq);
        }
        stats.echoed(text.length(), now - sentAt);
    }

    @Override
    public void closed(int code, String reason) {
        if (!stopping.getAsBoolean()) {
            stats.error("closed-" + code);
        }
        stats.connectionsOpen.decrementAndGet();
        joined.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
        closed.complete(code);
    }

    @Override
    public void error(Throwable failure) {
        if (!stopping.getAsBoolean()) {
            stats.error("error-" + failure.getClass().getSimpleName());
        }
    }

    /** Distinct bench messages received so far. */
    synchronized long distinct() {
        return distinct;
    }

    /** Messages missing from what each publisher sent ({@code published[p]} = its last sequence number). */
    synchronized long lost(long[] published) {
        long lost = 0;
        for (int p = 0; p < seen.length; p++) {
            lost += published[p] - seen[p].get(1, (int) published[p] + 1).cardinality();
        }
        return lost;
    }
}
