package dev.wskit.rooms;

import dev.wskit.codec.CloseCodes;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;

/**
 * One member's outbound queue: bounded in messages and bytes, with at most one send in flight. The completion of a
 * send starts the next, so a slow member only ever fills its own queue: no publisher waits for it, and no container
 * sees two sends overlap (Tomcat's TEXT_FULL_WRITING). A member whose queue passes a bound is closed with
 * {@link CloseCodes#SLOW_MEMBER}; one whose send failed with {@link CloseCodes#SEND_FAILED}.
 *
 * <p>Threading: {@link #offer} may be called under a room's lock (it only queues); {@link #flush} starts sends and
 * must be called with no lock held, after offering. Both are thread-safe; the queue is guarded by this outbox's own
 * monitor, which is never held while sending, closing or calling back.
 */
public final class Outbox {

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

    private final Transport transport;
    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();

    private long queuedBytes;
    private boolean inFlight;
    private boolean draining;
    /** Set once: the queue overflowed or a send failed; nothing more is queued or sent. */
    private String deadReason;
    /** How the member is closed: {@link CloseCodes#SLOW_MEMBER} or {@link CloseCodes#SEND_FAILED}. */
    private CloseCodes deadCode;
    private boolean deathReported;
    private final java.util.List<Runnable> onDeath = new java.util.ArrayList<>(2);

    public Outbox(Transport transport, int maxMessages, long maxBytes) {
        this.transport = transport;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Adds an action run once, outside any lock, when this member is closed for overflow or a failed send. */
    public void onDeath(Runnable action) {
        synchronized (this) {
            onDeath.add(action);
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
            if (queue.size() + 1 > maxMessages || queuedBytes + frame.size() > maxBytes) {
                deadReason = "too slow: more than " + maxMessages + " messages or " + maxBytes
                        + " bytes waiting to be sent to you";
                deadCode = CloseCodes.SLOW_MEMBER;
                queue.clear();
                queuedBytes = 0;
                return false;
            }
            queue.add(frame);
            queuedBytes += frame.size();
            return true;
        }
    }

    /** Offers and flushes: for replies to this member only, never under a lock. */
    public void send(Frame frame) {
        offer(frame);
        flush();
    }

    /** Starts sending what is queued, unless a send is already in flight; then carries out a pending close. */
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
        synchronized (this) {
            inFlight = false;
            if (failure != null && deadReason == null) {
                deadReason = "send failed: " + failure;
                deadCode = CloseCodes.SEND_FAILED;
                queue.clear();
                queuedBytes = 0;
            }
            // While flush() is draining on some thread, it picks up the next frame itself: no recursion.
            resume = !draining;
        }
        if (resume) {
            flush();
        }
    }

    private void reportDeath() {
        String reason;
        CloseCodes code;
        java.util.List<Runnable> actions;
        synchronized (this) {
            if (deadReason == null || deathReported) {
                return;
            }
            deathReported = true;
            reason = deadReason;
            code = deadCode;
            actions = java.util.List.copyOf(onDeath);
        }
        LOG.log(Level.INFO, "{0} | outbox closed | {1}", transport.id(), reason);
        transport.close(code, reason);
        actions.forEach(Runnable::run);
    }

    /** Stops queueing: the member is gone. */
    public void discard() {
        synchronized (this) {
            if (deadReason == null) {
                deadReason = "gone";
                deathReported = true;
            }
            queue.clear();
            queuedBytes = 0;
        }
    }

    /** Messages waiting (not counting the one in flight). */
    public synchronized int queuedMessages() {
        return queue.size();
    }

    public synchronized long queuedBytes() {
        return queuedBytes;
    }

    public synchronized boolean isDead() {
        return deadReason != null;
    }
}
