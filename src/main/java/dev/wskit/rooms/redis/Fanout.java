package dev.wskit.rooms.redis;

import dev.wskit.codec.CloseCodes;
import dev.wskit.rooms.Frame;
import dev.wskit.rooms.Outbox;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One room's or board's members on this node, and what this node's one subscription to it hands them: the
 * {@link RoomFeed} of {@link RedisBackplane}. Each broadcast arrives once (on the node's feed thread, in number order)
 * and is offered to every admitted member's {@link Outbox}, then flushed outside the lock, so a slow member only fills
 * its own queue.
 *
 * <p>Life: created by the node's first joiner, who opens the subscription ({@link #hold} says who) while later joiners
 * wait for it; every joiner holds the fan-out from then until its admission is answered, and an admitted member
 * keeps it until it leaves. With no hold and no member left it ends: under its lock it is marked ended, its
 * subscription closed and {@code onEnd} told (which forgets it, so the next joiner opens a new one). It also ends when
 * the room's numbering restarts ({@link #restarted}), closing its members.
 *
 * <p>Members who joined in Redis but are not admitted yet are <i>pending</i>: the joiner queued their replay, own join
 * and {@code here}; their admission (on the feed thread) offers the broadcasts after their join and adds them.
 *
 * <p>Threading: thread-safe. State is guarded by this object's monitor; outboxes are offered under it (they only
 * queue) and flushed or failed after it is released; {@code onEnd} and the subscription's close run under it and
 * must not block (both only unsubscribe asynchronously and update maps).
 */
final class Fanout implements RoomFeed {

    private static final System.Logger LOG = System.getLogger(Fanout.class.getName());

    /** Told once, under this fan-out's lock, when it ends. */
    interface OnEnd {
        void ended(Fanout fanout);
    }

    private final Keys.Kind kind;
    private final String name;
    private final OnEnd onEnd;
    private final CompletableFuture<FeedSubscription> subscription = new CompletableFuture<>();
    private final Set<Outbox> members = new LinkedHashSet<>();
    private final Set<Outbox> pending = new LinkedHashSet<>();
    private int holds;
    private boolean opening;
    private boolean ended;

    Fanout(Keys.Kind kind, String name, OnEnd onEnd) {
        this.kind = kind;
        this.name = name;
        this.onEnd = onEnd;
    }

    String name() {
        return name;
    }

    Keys.Kind kind() {
        return kind;
    }

    /** "room 'lobby'", for reasons and logs. */
    String label() {
        return kind.word + " '" + name + "'";
    }

    /**
     * Takes a hold for a join. @return null when this fan-out has ended (find or open another), true when the caller
     * must open the subscription ({@link #subscribed} or {@link #failed}), false when it is opened by another
     */
    synchronized Boolean hold() {
        if (ended) {
            return null;
        }
        holds++;
        if (opening) {
            return false;
        }
        opening = true;
        return true;
    }

    /** The opener's subscription. */
    void subscribed(FeedSubscription s) {
        boolean orphan;
        synchronized (this) {
            orphan = ended;
        }
        if (orphan) {
            s.close();
        }
        subscription.complete(s);
    }

    /** The opener could not subscribe: this fan-out ends; every joiner waiting for it is refused. */
    void failed(RuntimeException e) {
        subscription.completeExceptionally(e);
        synchronized (this) {
            endLocked();
        }
    }

    /**
     * The subscription, once open; waits at most {@code millis}.
     *
     * @throws RedisUnavailableException when it could not be opened in time
     */
    FeedSubscription subscription(long millis) {
        try {
            return subscription.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisUnavailableException r) {
                throw r;
            }
            throw new IllegalStateException("subscribing to " + label() + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new RedisUnavailableException("subscribing to " + label() + " took more than " + millis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while subscribing to " + label(), e);
        }
    }

    /** The subscription, for a holder: {@link #subscription(long)} returned it already. */
    FeedSubscription subscription() {
        return subscription.join();
    }

    /** Gives a hold back (a join that did not happen). */
    synchronized void release() {
        holds--;
        endIfIdleLocked();
    }

    /** A joiner is in the room in Redis: it waits for its admission. */
    synchronized void pending(Outbox outbox) {
        pending.add(outbox);
    }

    /** The answer for a pending member's admission, on the feed thread. */
    Admission admission(Outbox outbox) {
        return new Admission() {
            @Override
            public void admitted(List<Frame> backlog) {
                synchronized (Fanout.this) {
                    holds--;
                    if (pending.remove(outbox) && !ended) {
                        for (Frame f : backlog) {
                            outbox.offer(f);
                        }
                        members.add(outbox);
                    }
                    endIfIdleLocked();
                }
                outbox.flush();
            }

            @Override
            public void refused(String reason) {
                synchronized (Fanout.this) {
                    holds--;
                    pending.remove(outbox);
                    endIfIdleLocked();
                }
                outbox.fail(CloseCodes.RESUME, reason);
            }
        };
    }

    /** A member left (or died): it receives nothing more from here. */
    synchronized void remove(Outbox outbox) {
        if (members.remove(outbox) || pending.remove(outbox)) {
            endIfIdleLocked();
        }
    }

    /** Queues {@code frames} to one member with nothing broadcast in between, then flushes it. */
    void replay(Outbox outbox, List<Frame> frames) {
        synchronized (this) {
            for (Frame f : frames) {
                outbox.offer(f);
            }
        }
        outbox.flush();
    }

    @Override
    public void deliver(long seq, Frame frame) {
        List<Outbox> flush;
        synchronized (this) {
            if (members.isEmpty()) {
                return;
            }
            for (Outbox o : members) {
                o.offer(frame);
            }
            flush = new ArrayList<>(members);
        }
        for (Outbox o : flush) {
            o.flush();
        }
    }

    @Override
    public void gap(long since, long first) {
        // Members here missed these numbers: they resume, and the room tells each one exactly what it lost.
        closeAll(CloseCodes.RESUME, "messages " + (since + 1) + " to " + (first - 1) + " of " + label()
                + " could not reach this server; join again with since", false);
    }

    @Override
    public void restarted(String epoch) {
        List<Outbox> gone;
        synchronized (this) {
            gone = new ArrayList<>(members);
            members.clear();
            endLocked();
        }
        LOG.log(System.Logger.Level.INFO, "redis | restarted | " + label() + ": closing its " + gone.size()
                + " members here so they join again");
        for (Outbox o : gone) {
            o.fail(CloseCodes.RESUME, label() + " restarted (Redis lost its data, or its members were reaped); join again");
        }
    }

    /** Closes every member here, admitted and (with {@code pendingToo}) pending: e.g. Redis is unreachable. */
    void closeAll(CloseCodes code, String reason, boolean pendingToo) {
        List<Outbox> all;
        synchronized (this) {
            all = new ArrayList<>(members);
            if (pendingToo) {
                all.addAll(pending);
            }
        }
        for (Outbox o : all) {
            o.fail(code, reason);
        }
    }

    /** Members admitted here, for tests and metrics. */
    synchronized int size() {
        return members.size();
    }

    synchronized boolean isEnded() {
        return ended;
    }

    private void endIfIdleLocked() {
        if (holds == 0 && members.isEmpty() && pending.isEmpty()) {
            endLocked();
        }
    }

    private void endLocked() {
        if (ended) {
            return;
        }
        ended = true;
        FeedSubscription s = subscription.isDone() && !subscription.isCompletedExceptionally()
                ? subscription.join() : null;
        try {
            if (s != null) {
                s.close(); // before onEnd forgets us: a new fan-out's subscription comes after this one's
            }
        } finally {
            onEnd.ended(this);
        }
    }

    @Override
    public String toString() {
        return "Fanout[" + label() + "]";
    }
}
