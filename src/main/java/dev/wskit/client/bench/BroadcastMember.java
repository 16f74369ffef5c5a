package dev.wskit.client.bench;

import dev.wskit.client.raw.RawConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One member of the raw broadcast bench ({@link BroadcastMode}): checks each delivery in place as it arrives. A
 * message is {@link Payloads} message number {@code publisher << 40 | seq}, so its first 16 (text) or 8 (binary)
 * bytes say who sent it and which it is, and every other byte follows from those. A member expects each publisher's
 * messages in order from 0; the first fault it finds is counted and it leaves (closes with 4000), so that the others
 * go on.
 *
 * <p>With {@code --room} it speaks a wskit room's JSON protocol instead: it joins as {@code bN} and counts as a member
 * once its {@code here} arrives; a publisher says the payload as the {@code text} of a {@code say}, and a member
 * checks the {@code text} of every {@code say} it hears the same way (the payload alphabet needs no JSON escapes), and
 * skips the room's other messages ({@code presence}). Room messages are read whole: one that arrives in parts is put
 * together first.
 *
 * <p>Threading: members and their {@link Group} are confined to the raw client's thread; the bench thread waits on
 * the group's futures and reads {@link Group#lastDeliveryNanos()}.
 */
final class BroadcastMember implements BenchRun.RawLoad {

    private static final int STAMP = 16;
    private static final long SEQ_MASK = (1L << 40) - 1;
    private static final byte[] SAY_PREFIX = "{\"type\":\"say\",\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SAY_SUFFIX = "\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SAID = "{\"type\":\"say\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TEXT_FIELD = ",\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HERE = "\"event\":\"here\"".getBytes(StandardCharsets.US_ASCII);

    /** What the members share: the publishers' windows and what every member has heard. */
    static final class Group {
        private final Payloads payloads;
        private final boolean text;
        private final int inFlight;
        private final BenchStats stats;
        private final boolean room;
        private int joining;
        private boolean awaiting;
        /** Completes when every member that opened has joined (room) or left. */
        final CompletableFuture<Void> allJoined = new CompletableFuture<>();
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
        private final RawConnection.PayloadWriter writer;
        private List<BroadcastMember> members = List.of();
        private volatile long lastDeliveryNanos;
        /** Completes when every publisher has sent its share of {@code --messages} (or can send no more). */
        final CompletableFuture<Void> allSent = new CompletableFuture<>();
        /** Completes when, after the publishers stopped, every message sent has reached every member still there. */
        final CompletableFuture<Void> allHeard = new CompletableFuture<>();

        Group(Payloads payloads, boolean text, int inFlight, boolean room, BenchStats stats) {
            this.payloads = payloads;
            this.room = room;
            this.text = text;
            this.inFlight = inFlight;
            this.stats = stats;
            this.writer = into -> {
                if (room) {
                    into.put(SAY_PREFIX);
                }
                payloads.write(text, writing, into);
                if (room) {
                    into.put(SAY_SUFFIX);
                }
            };
        }

        /** Called once the connects are over with the members that opened: {@link #allJoined} completes when they are in. */
        void awaitJoins(List<BroadcastMember> opened) {
            awaiting = true;
            joining = 0;
            for (BroadcastMember m : opened) {
                if (!m.gone && (room && !m.joined)) {
                    joining++;
                }
            }
            joinedOne(0);
        }

        /** The members that are in (connected; in a room, joined); the others leave, counted as {@code join-timeout}. */
        List<BroadcastMember> present(List<BroadcastMember> opened) {
            List<BroadcastMember> in = new java.util.ArrayList<>();
            for (BroadcastMember m : opened) {
                if (!m.gone && (!room || m.joined)) {
                    in.add(m);
                } else if (!m.gone) {
                    stats.error("join-timeout");
                    m.gone = true;
                    m.connection.close(1000, "join timeout");
                }
            }
            return in;
        }

        private void joinedOne(int n) {
            if (!awaiting) {
                return; // awaitJoins counts what happened before it
            }
            joining -= n;
            if (joining <= 0) {
                allJoined.complete(null);
            }
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
                m.expected = new long[count];
            }
            lastDeliveryNanos = System.nanoTime();
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
                publisher.connection.send(text, room ? SAY_PREFIX.length + payloads.size() + SAY_SUFFIX.length : payloads.size(), writer);
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
    private final String nick;
    private final ByteBuffer stash = ByteBuffer.allocate(STAMP);
    /** Room: a message arriving in parts, put together. */
    private ByteBuffer parts;
    private boolean joined;
    private RawConnection connection;
    private long[] expected;
    /** The message arriving: its stamp, or -1 before its first 16 bytes. */
    private long current = -1;
    private int offset;
    private boolean gone;

    BroadcastMember(Group group, int index) {
        this.group = group;
        this.nick = "b" + index;
    }

    @Override
    public void opened(RawConnection opened) {
        connection = opened;
        if (group.room) {
            byte[] join = ("{\"type\":\"join\",\"nick\":\"" + nick + "\"}").getBytes(StandardCharsets.US_ASCII);
            connection.send(true, join.length, into -> into.put(join));
        }
    }

    @Override
    public void data(RawConnection from, boolean text, ByteBuffer chunk, boolean last) {
        if (gone) {
            return;
        }
        if (group.room) {
            roomData(text, chunk, last);
        } else {
            check(text, chunk, last);
        }
    }

    /** A room message, whole or in parts: a {@code say}'s text is checked, the first {@code here} means joined. */
    private void roomData(boolean text, ByteBuffer chunk, boolean last) {
        if (!last || parts != null) {
            if (parts == null || parts.remaining() < chunk.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(4096, (parts == null ? 0 : parts.position()) + chunk.remaining() * 2));
                if (parts != null) {
                    bigger.put(parts.flip());
                }
                parts = bigger;
            }
            parts.put(chunk);
            if (!last) {
                return;
            }
            chunk = parts.flip();
            parts = null;
        }
        if (!text) {
            fault("unexpected-message", 1);
            return;
        }
        if (startsWith(chunk, 0, SAID)) {
            int at = indexOf(chunk, TEXT_FIELD);
            int from = at + TEXT_FIELD.length;
            int size = group.payloads.size();
            if (at < 0 || chunk.remaining() < from + size + 2 || chunk.get(chunk.position() + from + size) != '"') {
                fault("mismatch", 1);
                return;
            }
            check(true, chunk.slice(chunk.position() + from, size), true);
        } else if (!joined && indexOf(chunk, HERE) >= 0) {
            joined = true;
            group.joinedOne(1);
        }
    }

    private static boolean startsWith(ByteBuffer b, int offset, byte[] prefix) {
        if (b.remaining() < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b.get(b.position() + offset + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(ByteBuffer b, byte[] what) {
        for (int i = 0; i + what.length <= b.remaining(); i++) {
            if (b.get(b.position() + i) == what[0] && startsWith(b, i, what)) {
                return i;
            }
        }
        return -1;
    }

    /** Checks payload bytes of a delivery, arriving whole or in parts. */
    private void check(boolean text, ByteBuffer chunk, boolean last) {
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
            leave();
        }
    }

    private void leave() {
        gone = true;
        if (expected != null) {
            group.left();
        } else if (group.room && !joined) {
            group.joinedOne(1);
        }
    }

    private void fault(String kind, long count) {
        group.stats.error(kind, count);
        leave();
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
