package dev.wskit.rooms.redis;

import dev.wskit.rooms.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One room's (or board's) feed on this node: turns what pub/sub brings, in whatever state, into one ordered stream
 * for a {@link RoomFeed}: every number once, in order, the missing ones fetched from Redis ({@link Source}), a
 * {@link RoomFeed#gap} only for what Redis no longer holds, {@link RoomFeed#restarted} when the numbering changed.
 *
 * <p>How it follows the room. It starts unanchored: it knows neither the epoch nor the number to start after, and
 * keeps what arrives. The first {@link #admit} (the first local member's join: its epoch and its join's number)
 * anchors it there; envelopes of another epoch that arrive before the first one of the anchor's epoch were
 * published before that join, by an older numbering, and are dropped; after it, another epoch means the numbering
 * restarted. A number beyond the next one (a message pub/sub lost: the node's queue overflowed, the subscription
 * dropped) makes it read the missing range from history first. {@link #catchUp} (after every resubscription and
 * reconnection) and {@link #probe} (every lease interval: a number that stays ahead for two probes was lost) cover
 * the messages that no later message reveals. So a node is never connected but deaf.
 *
 * <p>Admissions: a member who joined at number S starts receiving exactly after S: at once with the feed's recent
 * frames after S when the feed is already past S, or when the feed reaches S.
 *
 * <p>Threading: thread-safe. Events queue in a lock-free inbox (envelopes bounded by {@code feedQueueMessages} and
 * {@code feedQueueBytes}: past them an envelope is dropped and recovered from history) and are handled one at a time
 * on the executor, so the sink is never called concurrently; everything below the inbox is confined to that.
 */
final class FeedPump {

    private static final System.Logger LOG = System.getLogger(FeedPump.class.getName());
    /** Events handled before the pump yields its thread to other rooms. */
    private static final int BATCH = 256;
    /** Recent frames kept for admissions: count and bytes. */
    static final int RING_MESSAGES = 256;
    static final long RING_BYTES = 4L * 1024 * 1024;

    /** Reads what Redis holds now after a number; may block up to the command timeout (it runs on the pump). */
    interface Source {
        /**
         * @return what Redis holds after {@code after}, or null when the room or board does not exist
         * @throws RedisUnavailableException when Redis cannot answer
         */
        CatchUp read(long after);
    }

    /**
     * What Redis holds: the {@code epoch} and {@code last} number, and the frames after the asked number (a room's
     * history entries; a board's one snapshot, {@code snapshot} true).
     */
    record CatchUp(String epoch, long last, List<Numbered> frames, boolean snapshot) {
    }

    private record Admit(String epoch, long seq, Admission admission) {
    }

    private record CatchUpNow(String why) {
    }

    private record Probe(String epoch, long seq) {
    }

    private record Close(String why) {
    }

    private final String label;
    private final RoomFeed sink;
    private final Source source;
    private final Executor executor;
    private final int maxMessages;
    private final long maxBytes;

    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedMessages = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private volatile long delivered = -1;
    private volatile boolean ended;
    /** Set by the hub after the subscription's first confirmation; later confirmations are resubscriptions. */
    volatile boolean confirmed;

    // Confined to the pump (one event at a time).
    private boolean anchored;
    private boolean sawEpoch;
    private boolean dead;
    private boolean catchUpPending;
    private String epoch;
    private long last = -1;
    private long probeTarget = -1;
    private final ArrayDeque<Envelope> early = new ArrayDeque<>();
    private final ArrayDeque<Numbered> ring = new ArrayDeque<>();
    private long ringBytes;
    private final List<Admit> parked = new ArrayList<>();

    FeedPump(String label, RoomFeed sink, Source source, Executor executor, int maxMessages, long maxBytes) {
        this.label = label;
        this.sink = sink;
        this.source = source;
        this.executor = executor;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** A pub/sub message, on Lettuce's event loop: queued, or dropped (and caught up later) when the queue is full. */
    void offer(Envelope e) {
        if (e == null) {
            LOG.log(System.Logger.Level.WARNING, label + " | feed | unreadable pub/sub message: catching up from Redis");
            catchUp("unreadable message");
            return;
        }
        int n = queuedMessages.incrementAndGet();
        long b = queuedBytes.addAndGet(e.size());
        if (n > maxMessages || b > maxBytes) {
            queuedMessages.decrementAndGet();
            queuedBytes.addAndGet(-e.size());
            if (!overflowed.getAndSet(true)) {
                LOG.log(System.Logger.Level.WARNING, label + " | feed | more than " + maxMessages + " messages or "
                        + maxBytes + " bytes waiting on this node: dropping, then catching up from history");
                enqueue(new CatchUpNow("overflow"));
            }
            return;
        }
        enqueue(e);
    }

    /** Starts {@code admission}'s member after number {@code seq} of numbering {@code epoch} (its join's). */
    void admit(String epoch, long seq, Admission admission) {
        enqueue(new Admit(epoch, seq, admission));
    }

    /** Reads Redis for anything missed (after a resubscription or reconnection). */
    void catchUp(String why) {
        enqueue(new CatchUpNow(why));
    }

    /** What Redis says the room's epoch and last number are now (null epoch: no such room). */
    void probe(String epoch, long seq) {
        enqueue(new Probe(epoch, seq));
    }

    /** Stops: waiting admissions are refused, nothing more is delivered. */
    void close(String why) {
        ended = true;
        enqueue(new Close(why));
    }

    boolean isEnded() {
        return ended;
    }

    /** The last number handed to the sink; -1 before any. For tests and probes. */
    long delivered() {
        return delivered;
    }

    private void enqueue(Object event) {
        inbox.add(event);
        if (scheduled.compareAndSet(false, true)) {
            submit();
        }
    }

    private void submit() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            scheduled.set(false); // the node is shutting down
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Object event = inbox.poll();
            if (event == null) {
                scheduled.set(false);
                if (inbox.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (event instanceof Envelope e) {
                queuedMessages.decrementAndGet();
                queuedBytes.addAndGet(-e.size());
            }
            try {
                handle(event);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.ERROR, label + " | feed | failed handling " + event.getClass().getSimpleName(), ex);
            }
        }
        submit(); // yield to other rooms; still scheduled
    }

    private void handle(Object event) {
        if (event instanceof Envelope e) {
            if (dead) {
                return;
            }
            if (!anchored) {
                early.addLast(e);
                if (early.size() > maxMessages) {
                    early.clear();
                    catchUpPending = true;
                }
                return;
            }
            apply(e);
        } else if (event instanceof Admit a) {
            onAdmit(a);
        } else if (event instanceof CatchUpNow c) {
            if (c.why().equals("overflow")) {
                overflowed.set(false);
            }
            if (!anchored) {
                catchUpPending = true;
            } else if (!dead) {
                catchUp();
            }
        } else if (event instanceof Probe p) {
            onProbe(p);
        } else if (event instanceof Close c) {
            if (!dead) {
                dead = true;
                refuseParked(c.why());
                early.clear();
                ring.clear();
            }
        }
    }

    private void apply(Envelope e) {
        if (!e.epoch().equals(epoch)) {
            if (!sawEpoch) {
                return; // published before this node's anchor, by a numbering that has ended since
            }
            restart(e.epoch());
            return;
        }
        sawEpoch = true;
        if (e.last() <= last) {
            return;
        }
        if (e.first() > last + 1) {
            readRedis(e); // if Redis does not answer, the envelope is dropped: the next catch-up reads it from history
            return;
        }
        deliver(e.numbered());
    }

    private void onAdmit(Admit a) {
        if (dead) {
            a.admission().refused(label + " is no longer followed on this node");
            return;
        }
        if (!anchored) {
            anchored = true;
            epoch = a.epoch();
            last = a.seq();
            delivered = last;
            a.admission().admitted(List.of());
            List<Envelope> buffered = new ArrayList<>(early);
            early.clear();
            for (Envelope e : buffered) {
                if (dead) {
                    break;
                }
                apply(e);
            }
            if (catchUpPending && !dead) {
                catchUp();
            }
            return;
        }
        if (!a.epoch().equals(epoch)) {
            catchUp(); // Redis says which numbering is current: ours (the member's is gone) or a new one (restart)
            a.admission().refused(label + " restarted (numbering " + a.epoch() + " is not the one followed here);"
                    + " join again");
            return;
        }
        if (a.seq() > last) {
            parked.add(a);
            return;
        }
        admitNow(a);
    }

    private void admitNow(Admit a) {
        List<Frame> backlog = backlog(a.seq());
        if (backlog == null) {
            a.admission().refused(label + ": broadcasts after the join were lost on this node; join again with since");
        } else {
            a.admission().admitted(backlog);
        }
    }

    /** Frames after {@code after} up to {@code last}: from the ring, else from Redis; null if they cannot be had. */
    private List<Frame> backlog(long after) {
        List<Frame> out = new ArrayList<>();
        if (after == last) {
            return out;
        }
        if (!ring.isEmpty() && ring.peekFirst().first() <= after + 1) {
            for (Numbered n : ring) {
                if (n.first() > after) {
                    out.add(n.frame());
                }
            }
            return out;
        }
        CatchUp c;
        try {
            c = source.read(after);
        } catch (RedisUnavailableException e) {
            return null;
        }
        if (c == null || !c.epoch().equals(epoch)) {
            return null;
        }
        if (c.snapshot()) {
            out.add(c.frames().get(0).frame());
            return out;
        }
        long expected = after + 1;
        for (Numbered n : c.frames()) {
            if (n.first() > last) {
                break;
            }
            if (n.first() != expected) {
                return null;
            }
            out.add(n.frame());
            expected = n.last() + 1;
        }
        return expected == last + 1 ? out : null;
    }

    private void onProbe(Probe p) {
        if (!anchored || dead) {
            return;
        }
        boolean same = p.epoch() != null && p.epoch().equals(epoch);
        if (catchUpPending || !same || probeTarget > last) {
            if (probeTarget > last) {
                LOG.log(System.Logger.Level.WARNING, label + " | feed | number " + probeTarget + " published but not"
                        + " received here: catching up from history");
            }
            catchUp();
        }
        probeTarget = same ? p.seq() : -1;
    }

    private boolean catchUp() {
        return readRedis(null);
    }

    /**
     * Reads Redis and delivers what this node lacks, with {@code inHand} (the envelope that revealed the jump, if
     * any) in its place: a gap is only what neither history nor the envelope holds. False when Redis did not answer
     * (retried later).
     */
    private boolean readRedis(Envelope inHand) {
        CatchUp c;
        try {
            c = source.read(last);
        } catch (RedisUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, label + " | feed | catching up failed, will retry: " + e.getMessage());
            catchUpPending = true;
            return false;
        }
        catchUpPending = false;
        if (c == null || !c.epoch().equals(epoch)) {
            restart(c == null ? null : c.epoch());
            return true;
        }
        sawEpoch = true;
        if (c.snapshot()) {
            if (c.last() > last) {
                deliver(new Numbered(last + 1, c.last(), c.frames().get(0).frame()));
            }
            return true;
        }
        for (Numbered n : c.frames()) {
            if (inHand != null && inHand.first() > last && inHand.first() < n.first()) {
                deliverAfterGap(inHand.numbered());
            }
            if (n.last() > last) {
                deliverAfterGap(n);
            }
        }
        if (inHand != null && inHand.first() > last) {
            deliverAfterGap(inHand.numbered());
        }
        if (c.last() > last) {
            gap(c.last() + 1);
        }
        return true;
    }

    private void deliverAfterGap(Numbered n) {
        if (n.first() > last + 1) {
            gap(n.first());
        }
        deliver(n);
    }

    private void deliver(Numbered n) {
        try {
            sink.deliver(n.last(), n.frame());
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.ERROR, label + " | feed | the sink failed on number " + n.last(), ex);
        }
        last = n.last();
        delivered = last;
        ring.addLast(n);
        ringBytes += n.frame().size();
        while (ring.size() > RING_MESSAGES || ringBytes > RING_BYTES) {
            ringBytes -= ring.removeFirst().frame().size();
        }
        resolveParked();
    }

    private void gap(long first) {
        LOG.log(System.Logger.Level.WARNING, label + " | feed | gap: numbers " + (last + 1) + " to " + (first - 1)
                + " are no longer in Redis");
        try {
            sink.gap(last, first);
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.ERROR, label + " | feed | the sink failed on a gap", ex);
        }
        last = first - 1;
        delivered = last;
        ring.clear();
        ringBytes = 0;
        resolveParked();
    }

    private void restart(String newEpoch) {
        LOG.log(System.Logger.Level.WARNING, label + " | feed | numbering restarted: " + epoch + " -> " + newEpoch);
        dead = true;
        ended = true;
        try {
            sink.restarted(newEpoch);
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.ERROR, label + " | feed | the sink failed on a restart", ex);
        }
        refuseParked(label + " restarted (Redis lost its data, or its members were reaped); join again");
        early.clear();
        ring.clear();
    }

    private void resolveParked() {
        if (parked.isEmpty()) {
            return;
        }
        for (Iterator<Admit> it = parked.iterator(); it.hasNext();) {
            Admit a = it.next();
            if (a.seq() <= last) {
                it.remove();
                admitNow(a);
            }
        }
    }

    private void refuseParked(String why) {
        for (Admit a : parked) {
            a.admission().refused(why);
        }
        parked.clear();
    }
}
