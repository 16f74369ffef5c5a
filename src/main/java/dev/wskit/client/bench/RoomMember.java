package dev.wskit.client.bench;

import dev.wskit.client.Backoff;
import dev.wskit.client.Inbox;
import dev.wskit.client.RetryPolicy;
import dev.wskit.client.rooms.LastSeen;
import dev.wskit.client.rooms.RoomClient;
import dev.wskit.codec.Attachment;
import dev.wskit.codec.ClientMessage;
import dev.wskit.codec.ServerMessage;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One member of the rooms bench, across its connections: checks that it hears every publisher's messages, each once
 * and in that publisher's order, and records each delivery's end-to-end latency. Publishers say
 * {@code "bench P SEQ NANOS ..."} (publisher index, its sequence from 1, {@link System#nanoTime()} at sending:
 * publishers and members share the bench's JVM, so the clock is the same). Losses are counted at the end, against
 * what each publisher sent.
 *
 * <p>With {@code --reconnect}, a connection the server closes with a code worth retrying (1001, 1006, 1011-1014) is
 * reopened after its {@link Backoff} wait (1012: at once, after a random wait up to {@code --backoff}) and the
 * member joins again with {@code since}, so the room replays what it missed and the checks go on; a rejoin that
 * finds the nick still held by the dropped connection tries again. Only a member that gives up counts as
 * {@code closed-CODE}.
 *
 * <p>Threading: the container calls the {@link Inbox} methods one at a time per connection, and a new connection
 * opens only after the old one closed; the bench thread, a publisher thread and the reconnect scheduler read and
 * call in. All state is guarded by this object's monitor; sends and closes happen outside it.
 */
final class RoomMember implements Inbox<Object> {

    static final String PREFIX = "bench ";

    /** Reopens members' connections. */
    interface Rejoins {
        /** Opens a new connection for {@code member} after {@code wait}, from another thread. */
        void after(Duration wait, RoomMember member);
    }

    /** The connection a publisher may send on, and which of the member's joins it belongs to. */
    record Present(RoomClient client, int visit) {
    }

    private final int index;
    private final String nick;
    private final BenchStats stats;
    private final BooleanSupplier stopping;
    private final Rejoins rejoins;
    private final Backoff backoff;
    private final BitSet[] seen;
    private final long[] highest;
    private final LastSeen lastSeen = new LastSeen();
    private long distinct;
    private RoomClient client;
    /** Whether the room has confirmed the current connection's join. */
    private boolean present;
    /** Joins the room confirmed so far. */
    private int visits;
    /** The current connection is one we close to try the join again. */
    private boolean retryingJoin;
    /** The code of the close that started the current run of reconnects. */
    private int droppedWith;
    /** Completes when the room confirms this member's first join (its {@code here}). */
    final CompletableFuture<Void> joined = new CompletableFuture<>();
    /** Completes when the member has left for good. */
    final CompletableFuture<Void> gone = new CompletableFuture<>();

    RoomMember(int index, String nick, int publishers, BenchStats stats, BooleanSupplier stopping, RetryPolicy retry, Rejoins rejoins) {
        this.index = index;
        this.nick = nick;
        this.stats = stats;
        this.stopping = stopping;
        this.rejoins = rejoins;
        this.backoff = retry.start();
        this.seen = new BitSet[publishers];
        this.highest = new long[publishers];
        for (int p = 0; p < publishers; p++) {
            seen[p] = new BitSet();
        }
    }

    /** The room's last number this member has heard (a broadcast's {@code seq}); 0 before any. */
    synchronized long lastSeq() {
        return lastSeen.seq();
    }

    /** This member's place in the roster: which transport (source address) its connections use. */
    int index() {
        return index;
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

    /** A new connection's endpoint for this member; {@link #connected} once it is open. */
    RoomClient endpoint() {
        return new RoomClient(this);
    }

    /** The connection of {@code endpoint} opened: joins, with {@code since} when joining again. */
    void connected(RoomClient endpoint, jakarta.websocket.Session session) {
        endpoint.bind(session);
        long since;
        String epoch;
        synchronized (this) {
            client = endpoint;
            since = visits > 0 ? lastSeen.seq() : 0;
            epoch = lastSeen.epoch();
        }
        try {
            endpoint.send(since > 0 ? new ClientMessage.Join(nick, since, epoch) : new ClientMessage.Join(nick, null));
        } catch (Exception e) {
            stats.error("send-failed");
        }
    }

    /** A reopened connection could not be opened: tries again after the backoff, or gives up. */
    void reconnectFailed() {
        boolean again;
        synchronized (this) {
            again = rejoin(0);
        }
        if (!again) {
            gaveUp("closed-" + droppedWith());
        }
    }

    @Override
    public void received(Object message) {
        if (message instanceof Attachment) {
            stats.error("unexpected-attachment");
            return;
        }
        synchronized (this) {
            lastSeen.seen(message);
        }
        if (message instanceof ServerMessage.Said said && said.text().startsWith(PREFIX)) {
            delivered(said.text());
        } else if (message instanceof ServerMessage.Presence p && p.event().equals("here") && p.nick().equals(nick)) {
            synchronized (this) {
                present = true;
                visits++;
                droppedWith = 0;
                backoff.succeeded();
                notifyAll();
            }
            joined.complete(null);
        } else if (message instanceof ServerMessage.Error e) {
            refused(e);
        }
    }

    private void refused(ServerMessage.Error e) {
        RoomClient retry = null;
        synchronized (this) {
            // Our dropped connection may still hold the nick until the server notices: close and join again later.
            if (visits > 0 && !present && e.code().equals("nick-taken")) {
                retryingJoin = true;
                retry = client;
            }
        }
        if (retry != null) {
            close(retry, "nick still held; joining again");
            return;
        }
        stats.error("room-" + e.code());
        joined.completeExceptionally(new IllegalStateException(e.code() + ": " + e.message()));
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
        stats.connectionsOpen.decrementAndGet();
        boolean again = false;
        boolean retryJoin;
        synchronized (this) {
            present = false;
            notifyAll();
            retryJoin = retryingJoin;
            retryingJoin = false;
            if (!stopping.getAsBoolean() && (retryJoin || RetryPolicy.retryable(code))) {
                if (!retryJoin) {
                    droppedWith = code;
                }
                again = rejoin(retryJoin ? 0 : code);
            }
        }
        if (!again) {
            gaveUp(retryJoin ? "room-nick-taken" : "closed-" + code);
        }
    }

    @Override
    public void error(Throwable failure) {
        if (!stopping.getAsBoolean()) {
            stats.error("error-" + failure.getClass().getSimpleName());
        }
    }

    /** Schedules the next connection when the backoff allows one; the caller holds the monitor. */
    private boolean rejoin(int closeCode) {
        Optional<Duration> wait = backoff.next(closeCode);
        wait.ifPresent(w -> rejoins.after(w, this));
        return wait.isPresent();
    }

    private synchronized int droppedWith() {
        return droppedWith;
    }

    /** The member has left for good; during the run that is an error of {@code kind}. */
    private void gaveUp(String kind) {
        if (!stopping.getAsBoolean()) {
            stats.error(kind);
        }
        joined.completeExceptionally(new IllegalStateException(kind));
        gone.complete(null);
    }

    /**
     * Waits until the room has this member joined, and returns the connection to send on; null when the member is
     * gone, the run is stopping, or {@code deadlineNanos} passes first.
     */
    Present awaitPresent(long deadlineNanos) throws InterruptedException {
        synchronized (this) {
            while (!present) {
                long left = deadlineNanos - System.nanoTime();
                if (gone.isDone() || stopping.getAsBoolean() || left <= 0) {
                    return null;
                }
                // Bounded: the stopping flag is not signalled.
                wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
            return new Present(client, visits);
        }
    }

    /** Joins the room confirmed so far (1 once joined, more after reconnects). */
    synchronized int visits() {
        return visits;
    }

    /** The highest sequence number heard from publisher {@code p}. */
    synchronized long highest(int p) {
        return highest[p];
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

    /** Closes the current connection at the end of the run. */
    void close() {
        RoomClient current;
        synchronized (this) {
            current = client;
        }
        if (current != null) {
            close(current, "bench done");
        }
    }

    private static void close(RoomClient c, String reason) {
        try {
            if (c.session().isOpen()) {
                c.session().close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, reason));
            }
        } catch (Exception e) {
            // Already closing: the close event follows either way.
        }
    }
}
