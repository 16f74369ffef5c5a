package dev.wskit.client.bench;

import dev.wskit.client.raw.RawConnection;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One member of the raw broadcast bench ({@link BroadcastMode}): checks each delivery in place as it arrives. A
 * message is {@link Payloads} message number {@code publisher << 40 | seq}, so its first 16 (text) or 8 (binary)
 * bytes say who sent it and which it is, and every other byte follows from those. A member expects each publisher's
 * messages in order from 0; the first fault it finds is counted and it leaves (closes with 4000), so that the others
 * go on.
 *
 * <p>Threading: members and their {@link Group} are confined to the raw client's thread; the bench thread waits on
 * the group's futures and reads {@link Group#lastDeliveryNanos()}.
 */
final class BroadcastMember implements BenchRun.RawLoad {

    private static final int STAMP = 16;
    private static final long SEQ_MASK = (1L << 40) - 1;

    /** What the members share: the publishers' windows and what every member has heard. */
    static final class Group {
        private final Payloads payloads;
        private final boolean text;
        private final int inFlight;
        private final BenchStats stats;
        private final int maxPublishers;
        private BroadcastMember[] publishers = new BroadcastMember[0];
        private long[] budget;
        private long[] sent;
        /** Per publisher: every message before this one has reached every member still there. */
        private long[] complete;
        /** Per publisher, per window slot: members that heard the message in that slot. */
        private int[][] heardBy;
        private long[][] sentAt;
        private int live;
        private boolean stopping;
        private boolean closing;
        private long writing;
        private final RawConnection.PayloadWriter writer = into -> payloads().write(text(), writing, into);
        private List<BroadcastMember> members = List.of();
        private volatile long startNanos;
        private volatile long lastDeliveryNanos;
        /** Completes when every publisher has sent its share of {@code --messages} (or can send no more). */
        final CompletableFuture<Void> allSent = new CompletableFuture<>();
        /** Completes when, after the publishers stopped, every message sent has reached every member still there. */
        final CompletableFuture<Void> allHeard = new CompletableFuture<>();

        Group(Payloads payloads, boolean text, int publishers, int inFlight, BenchStats stats) {
            this.payloads = payloads;
            this.text = text;
            this.maxPublishers = publishers;
            this.inFlight = inFlight;
            this.stats = stats;
        }

        private Payloads payloads() {
            return payloads;
        }

        private boolean text() {
            return text;
        }

        /** Members' numbers, in order: the first {@code count} publish, {@code total} messages split between them. */
        void start(List<BroadcastMember> all, int count, long total) {
            members = all;
            live = (int) all.stream().filter(m -> !m.gone).count();
            publishers = all.subList(0, count).toArray(new BroadcastMember[0]);
            budget = new long[count];
            sent = new long[count];
            complete = new long[count];
            heardBy = new int[count][inFlight];
            sentAt = new long[count][inFlight];
            for (int p = 0; p < count; p++) {
                budget[p] = total == Long.MAX_VALUE ? Long.MAX_VALUE : total / count + (p < total % count ? 1 : 0);
            }
            for (BroadcastMember m : all) {
                m.expected = new long[maxPublishers];
            }
            startNanos = System.nanoTime();
            lastDeliveryNanos = startNanos;
            for (int p = 0; p < count; p++) {
                pump(p);
            }
            checkSent();
        }

        /** Publishing stops; {@link #allHeard} completes once what was sent has been heard. */
        void stop() {
            stopping = true;
            checkHeard();
        }

        long lastDeliveryNanos() {
            return lastDeliveryNanos;
        }

        private void pump(int p) {
            BroadcastMember publisher = publishers[p];
            while (!stopping && sent[p] - complete[p] < inFlight && sent[p] < budget[p] && !publisher.gone) {
                int slot = (int) (sent[p] % inFlight);
                sentAt[p][slot] = System.nanoTime();
                writing = (long) p << 40 | sent[p];
                publisher.connection.send(text, payloads.size(), writer);
                sent[p]++;
            }
        }

        private void heard(int p, long seq) {
            long now = System.nanoTime();
            int slot = (int) (seq % inFlight);
            stats.echoed(payloads.size(), now - sentAt[p][slot]);
            lastDeliveryNanos = now;
            heardBy[p][slot]++;
            advance(p);
        }

        private void advance(int p) {
            while (complete[p] < sent[p] && heardBy[p][(int) (complete[p] % inFlight)] >= live) {
                heardBy[p][(int) (complete[p] % inFlight)] = 0;
                complete[p]++;
            }
            pump(p);
            checkSent();
            checkHeard();
        }

        private void left() {
            live--;
            for (int p = 0; p < publishers.length; p++) {
                advance(p);
            }
        }

        private void checkSent() {
            for (int p = 0; p < publishers.length; p++) {
                if (sent[p] < budget[p] && !publishers[p].gone) {
                    return;
                }
            }
            allSent.complete(null);
        }

        private void checkHeard() {
            if (!stopping && !allSent.isDone()) {
                return;
            }
            for (int p = 0; p < publishers.length; p++) {
                if (complete[p] < sent[p]) {
                    return;
                }
            }
            allHeard.complete(null);
        }

        /** At the end: counts what members still there never heard as lost, and returns the totals. */
        Tally tally() {
            long published = 0;
            for (int p = 0; p < publishers.length; p++) {
                published += sent[p];
            }
            int stayed = 0;
            for (BroadcastMember m : members) {
                if (!m.gone) {
                    stayed++;
                    for (int p = 0; p < publishers.length; p++) {
                        stats.error("lost", sent[p] - m.expected[p]);
                    }
                }
            }
            closing = true;
            return new Tally(published, stayed);
        }
    }

    /** Messages sent in all, and members there to the end. */
    record Tally(long published, int stayed) {
    }

    private final Group group;
    private final ByteBuffer stash = ByteBuffer.allocate(STAMP);
    private RawConnection connection;
    private long[] expected;
    /** The message arriving: its stamp, or -1 before its first 16 bytes. */
    private long current = -1;
    private int offset;
    private boolean gone;

    BroadcastMember(Group group) {
        this.group = group;
    }

    @Override
    public void opened(RawConnection opened) {
        connection = opened;
    }

    @Override
    public void data(RawConnection from, boolean text, ByteBuffer chunk, boolean last) {
        if (gone) {
            return;
        }
        if (expected == null) {
            fault("unexpected-message", 1);
            return;
        }
        if (text != group.text) {
            fault("mismatch", 1);
            return;
        }
        if (current < 0) {
            ByteBuffer start;
            if (stash.position() == 0 && chunk.remaining() >= STAMP) {
                start = chunk;
            } else {
                int take = Math.min(STAMP - stash.position(), chunk.remaining());
                stash.put(chunk.slice(chunk.position(), take));
                chunk.position(chunk.position() + take);
                if (stash.position() < STAMP) {
                    if (last) {
                        fault("mismatch", 1);
                    }
                    return;
                }
                start = stash.flip();
            }
            long stamp = Payloads.stampOf(text, start);
            int p = (int) (stamp >>> 40);
            long seq = stamp & SEQ_MASK;
            if (stamp < 0 || p >= group.publishers.length) {
                fault("unexpected-message", 1);
                return;
            }
            if (seq < expected[p]) {
                fault("duplicate", 1);
                return;
            }
            if (seq > expected[p]) {
                fault("lost", seq - expected[p]);
                return;
            }
            current = stamp;
            if (start == stash) {
                if (group.payloads.mismatch(text, current, 0, stash) >= 0) {
                    fault("mismatch", 1);
                    return;
                }
                offset = STAMP;
                stash.clear();
            }
        }
        int wrong = group.payloads.mismatch(text, current, offset, chunk);
        offset += chunk.remaining();
        if (wrong >= 0 || (last && offset != group.payloads.size())) {
            fault("mismatch", 1);
            return;
        }
        if (last) {
            int p = (int) (current >>> 40);
            long seq = current & SEQ_MASK;
            expected[p]++;
            current = -1;
            offset = 0;
            group.heard(p, seq);
        }
    }

    @Override
    public void closed(RawConnection from, int code, String reason) {
        if (!gone) {
            if (!group.closing) {
                group.stats.error("closed-" + code);
            }
            gone = true;
            if (expected != null) {
                group.left();
            }
        }
    }

    private void fault(String kind, long count) {
        group.stats.error(kind, count);
        gone = true;
        if (expected != null) {
            group.left();
        }
        connection.close(4000, kind);
    }

    /** Closes this member's connection normally at the end of the run. */
    void close() {
        group.closing = true;
        if (connection != null) {
            connection.close(1000, "bench done");
        }
    }
}
