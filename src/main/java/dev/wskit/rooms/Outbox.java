package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;
import dev.wskit.runtime.Failures;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One member's outbound queue: bounded in messages and bytes, with at most one send in flight. The completion of a
 * send starts the next, so a slow member only ever fills its own queue: no publisher waits for it, and no container
 * sees two sends overlap (Tomcat's TEXT_FULL_WRITING). A member whose queue passes a bound, or whose send times out,
 * dies closed with {@link CloseCodes#SLOW_MEMBER}; one whose send failed otherwise with {@link CloseCodes#SEND_FAILED};
 * either way with a reason saying why, and its death actions run.
 *
 * <p>Deaths are carried out iteratively, never recursively. A death action (typically: leave the room) broadcasts a
 * leave, which may overflow other members' outboxes, whose flushes report more deaths: a death reported on a thread
 * that is already carrying out deaths is appended to that thread's work list and carried out by the outermost call,
 * in order, so dropping any number of members at once runs in constant stack depth.
 *
 * <p>A place in the queue can be reserved ({@link #reserve}) for a frame that must arrive before everything offered
 * later but is expensive to build (a board's snapshot, the member list): frames offered after the reservation are
 * held back until {@link #fill} puts the frame in its place, so it can be built outside every lock.
 *
 * <p>Threading: {@link #offer} and {@link #reserve} may be called under a room's lock (they only queue);
 * {@link #flush}, {@link #send}, {@link #fill}, {@link #fail} and {@link #onDeath} may start sends, closes and death
 * actions and must be called with no lock held. All are thread-safe; the queue is guarded by this outbox's own
 * monitor, which is never held while sending, closing or calling back. The work list of deaths is per thread.
 */
public final class Outbox {

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

    /** Deaths to carry out on this thread; non-null while an outer call on this thread is carrying them out. */
    private static final ThreadLocal<ArrayDeque<Runnable>> DEATHS = new ThreadLocal<>();

    private final Transport transport;
    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    /** Frames offered after a reserved place, sent once it is filled; {@code null} when nothing is reserved. */
    private ArrayDeque<Frame> held;

    /** Bytes in {@link #queue} and {@link #held}. */
    private long queuedBytes;
    private boolean inFlight;
    private boolean draining;
    /** Set once: the member died (overflow, failed send) or left; nothing more is queued or sent. */
    private String deadReason;
    private CloseCodes deadCode;
    private Throwable deadFailure;
    /** Whether the death was carried out (or needs none: the member left). Death actions registered later run at once. */
    private boolean deathReported;
    /** Whether it died by {@link #discard}: the member left (or its connection closed) first. */
    private boolean discarded;
    private final List<Runnable> onDeath = new ArrayList<>(2);

    public Outbox(Transport transport, int maxMessages, long maxBytes) {
        this.transport = transport;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /**
     * Adds an action run once, outside any lock, when this member dies (overflow, failed send). On an outbox that has
     * already died or been discarded, the action runs at once, so an action registered late is never lost.
     */
    public void onDeath(Runnable action) {
        boolean now;
        synchronized (this) {
            now = deathReported;
            if (!now) {
                onDeath.add(action);
            }
        }
        if (now) {
            carryOut(List.of(action));
        }
    }

    /** Removes a death action added with {@link #onDeath} (the same object) that has not run. */
    public void forget(Runnable action) {
        synchronized (this) {
            onDeath.removeIf(a -> a == action);
        }
    }

    /**
     * Queues a frame without sending. Past a bound the queue is dropped and the member is marked for closing,
     * which the next {@link #flush} carries out.
     *
     * @return whether the frame was queued
     */
    public boolean offer(Frame frame) {
        synchronized (this) {
            if (deadReason != null) {
                return false;
            }
            if (!fitsLocked(frame)) {
                overflowLocked();
                return false;
            }
            (held != null ? held : queue).add(frame);
            queuedBytes += frame.size();
            return true;
        }
    }

    /**
     * Reserves the place after everything offered so far for one frame given later to {@link #fill}; what is offered
     * meanwhile waits behind it. One reservation at a time.
     *
     * @throws IllegalStateException when a place is already reserved
     */
    public void reserve() {
        synchronized (this) {
            if (held != null) {
                throw new IllegalStateException("a place is already reserved in this outbox");
            }
            if (deadReason == null) {
                held = new ArrayDeque<>();
            }
        }
    }

    /**
     * Puts the frame in the reserved place (counted against the bounds like any other), releases what was offered
     * after it and flushes. A no-op on a dead outbox.
     *
     * @throws IllegalStateException when nothing is reserved
     */
    public void fill(Frame frame) {
        synchronized (this) {
            if (deadReason == null) {
                if (held == null) {
                    throw new IllegalStateException("no place is reserved in this outbox");
                }
                if (fitsLocked(frame)) { // counts what waits behind the place
                    queue.add(frame);
                    queue.addAll(held);
                    held = null;
                    queuedBytes += frame.size();
                } else {
                    overflowLocked(); // drops the place with the rest
                }
            }
        }
        flush();
    }

    /**
     * Closes the member for a failure of wskit's own (the caller has logged it), then carries out its death.
     * A no-op on a dead outbox.
     */
    public void fail(CloseCodes code, String reason) {
        synchronized (this) {
            if (deadReason == null) {
                dieLocked(code, reason, null);
            }
        }
        flush();
    }

    /** Offers and flushes: for replies to this member only, never under a lock. */
    public void send(Frame frame) {
        offer(frame);
        flush();
    }

    /** Starts sending what is queued, unless a send is already in flight; then carries out a pending death. */
    public void flush() {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        while (true) {
            Frame next;
            synchronized (this) {
                if (inFlight || deadReason != null || queue.isEmpty()) {
                    draining = false;
                    break;
                }
                next = queue.poll();
                queuedBytes -= next.size();
                inFlight = true;
            }
            start(next);
        }
        reportDeath();
    }

    private void start(Frame frame) {
        if (!frame.isReply()) {
            transport.traffic().sent(frame.size(), true); // a reply's exact size is known once encoded: the transport's
        }
        try {
            if (frame.isReply()) {
                transport.sendObject(frame.reply(), this::sent);
            } else if (frame.isText()) {
                transport.sendText(frame.text(), this::sent);
            } else {
                transport.sendBinary(frame.binary(), this::sent);
            }
        } catch (RuntimeException e) {
            sent(e);
        }
    }

    private void sent(Throwable failure) {
        boolean resume;
        boolean timedOutAfterLeaving;
        synchronized (this) {
            inFlight = false;
            // Jetty closes the connection (so the member leaves) before it fails the send that timed out: the
            // timeout is still why the member went, and is said once.
            timedOutAfterLeaving = failure instanceof Transport.SendTimedOut && discarded;
            if (failure != null && deadReason == null) {
                if (failure instanceof Transport.SendTimedOut) {
                    dieLocked(CloseCodes.SLOW_MEMBER, failure.getMessage(), failure);
                } else {
                    dieLocked(CloseCodes.SEND_FAILED, "send failed: " + failure, failure);
                }
            }
            // While flush() is draining on some thread, it picks up the next frame itself: no recursion.
            resume = !draining;
        }
        if (timedOutAfterLeaving) {
            tooSlow(failure.getMessage());
        }
        if (resume) {
            flush();
        }
    }

    private void tooSlow(String reason) {
        LOG.log(Level.INFO, "{0} | too slow | {1}", transport.id(), reason);
    }

    private boolean fitsLocked(Frame frame) {
        int count = queue.size() + (held == null ? 0 : held.size());
        return count + 1 <= maxMessages && queuedBytes + frame.size() <= maxBytes;
    }

    private void overflowLocked() {
        transport.traffic().overflowed();
        dieLocked(CloseCodes.SLOW_MEMBER, "too slow: more than " + maxMessages + " messages or " + maxBytes
                + " bytes waiting to be sent to you", null);
    }

    private void dieLocked(CloseCodes code, String reason, Throwable failure) {
        deadReason = reason;
        deadCode = code;
        deadFailure = failure;
        queue.clear();
        held = null;
        queuedBytes = 0;
    }

    private void reportDeath() {
        String reason;
        CloseCodes code;
        Throwable failure;
        List<Runnable> actions;
        synchronized (this) {
            if (deadReason == null || deathReported) {
                return;
            }
            deathReported = true;
            reason = deadReason;
            code = deadCode;
            failure = deadFailure;
            actions = List.copyOf(onDeath);
            onDeath.clear();
        }
        List<Runnable> work = new ArrayList<>(actions.size() + 1);
        work.add(() -> {
            if (failure != null && !(failure instanceof Transport.SendTimedOut)) {
                Failures.log(LOG, transport.id(), "send failed", failure);
            } else if (code == CloseCodes.SLOW_MEMBER) {
                tooSlow(reason);
            }
            transport.close(code, reason);
        });
        work.addAll(actions);
        carryOut(work);
    }

    /**
     * Carries out death work on this thread: at once when no death is being carried out here, else after the one in
     * progress (by the outermost call), so deaths that cause deaths never nest.
     */
    private static void carryOut(List<Runnable> work) {
        ArrayDeque<Runnable> pending = DEATHS.get();
        if (pending != null) {
            pending.addAll(work);
            return;
        }
        pending = new ArrayDeque<>(work);
        DEATHS.set(pending);
        try {
            for (Runnable r = pending.poll(); r != null; r = pending.poll()) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "outbox | death | a death action failed: " + e, e);
                }
            }
        } finally {
            DEATHS.remove();
        }
    }

    /** Stops queueing: the member is gone. Nothing is closed; death actions not yet run are dropped. */
    public void discard() {
        synchronized (this) {
            if (deadReason == null) {
                deadReason = "gone";
                discarded = true;
                deathReported = true;
                onDeath.clear();
            }
            queue.clear();
            held = null;
            queuedBytes = 0;
        }
    }

    /** Where this member's sends and resumes are reported. */
    public dev.wskit.ops.Traffic traffic() {
        return transport.traffic();
    }

    /** Messages waiting (not counting the one in flight), held ones included. */
    public synchronized int queuedMessages() {
        return queue.size() + (held == null ? 0 : held.size());
    }

    public synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Death actions registered and not yet run; for tests. */
    synchronized int deathActions() {
        return onDeath.size();
    }

    public synchronized boolean isDead() {
        return deadReason != null;
    }
}
