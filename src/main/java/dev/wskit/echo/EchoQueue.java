package dev.wskit.echo;

import dev.wskit.codec.CloseCodes;
import dev.wskit.ops.Traffic;
import dev.wskit.runtime.Failures;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The outbound side of one echo connection: a bounded queue of replies with at most one send in flight.
 *
 * <p>The container's reading thread only {@linkplain #offer offers}: it never sends anything that can block and
 * never sleeps. A reply that is a whole message goes out with an asynchronous send, started by whichever thread finds
 * the queue free (often the reading thread itself, so an echo to a client that keeps up costs no thread hop); its
 * completion starts the next. A part of a message that arrived in parts can only go out with a blocking partial
 * send (JSR-356 has no other), so it is handed to a wskit sender thread, never sent from a container thread. Replies
 * wait for {@link EchoKnobs#delay()} once they reach the head of the queue, on the shared scheduler, holding back the
 * replies behind them.
 *
 * <p>Memory: what is queued or in flight is charged (its size, at least {@value #MIN_CHARGE} bytes a reply) against
 * this connection's bound (its largest message) and the server-wide {@link EchoBudget}. When either is full, the
 * reading thread waits for room, which is back-pressure (the container reads nothing more from this client), for at
 * most the send timeout; then the connection is closed with 1008 and a reason naming the setting.
 *
 * <p>Stuck sends: {@link #checkStuck} (called by the hub's watchdog) finds a send (data or ping) that has not completed
 * within the send timeout. A stuck connection is logged once, closed with 1008, and its send is aborted through
 * {@link EchoRemote#abort()}. A client that writes a whole message before it reads is served as long as it finishes
 * writing within the send timeout of the server's socket buffers filling up.
 *
 * <p>Threading: one producer, the container thread that delivers this connection's messages one part at a time
 * ({@link #offer}, {@link #requestClose}, {@link #stop}). The queue itself is a single-producer single-consumer
 * list of array chunks, lock-free and without allocation per reply. The consumer is whoever holds the token
 * ({@code state} BUSY): the producer when it finds the queue idle, an asynchronous completion, a sender thread, the
 * delay or a ping; the token passes between them with a compare-and-set, which also orders their plain fields. The
 * timer's {@link #ping} and the watchdog's {@link #checkStuck} only read volatiles and take the token if it is free.
 * No lock is held while sending or closing; only a reading thread that waits for room takes the budget's lock.
 * The {@link Traffic} hooks are told of each send by the token holder, so one thread at a time, in send order.
 */
final class EchoQueue implements SendHandler {

    private static final System.Logger LOG = System.getLogger(EchoQueue.class.getName());

    /** Reply flags. */
    static final int TEXT = 1;
    static final int WHOLE = 2;
    static final int FIRST = 4;
    static final int LAST = 8;
    static final int CLOSE_AFTER = 16;

    /** The least a reply is charged, so that empty and tiny replies are bounded in number too. */
    static final int MIN_CHARGE = 64;

    private static final int CHUNK = 32;
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int DONE = 2;
    private static final int SENDING = 1;
    private static final int RETURNED = 2;
    private static final int COMPLETED = 3;
    /** {@link #pending} once the connection has ended: nothing more is charged, everything was released. */
    private static final long ENDED = Long.MIN_VALUE / 2;

    /** What the queue needs from its surroundings; see {@link EchoHub}. */
    record Wiring(EchoBudget budget, Executor senders, Executor closer, ScheduledExecutorService scheduler,
            long sendTimeoutMillis, Consumer<EchoQueue> onDone) {
    }

    private final EchoRemote remote;
    private final Wiring wiring;
    /** Told of every reply handed to the container and of the closes this queue sends (metrics, connection log). */
    private final Traffic traffic;
    private final long bound;
    private final String boundSetting;
    private final long delayMillis;
    private final int repeat;
    private final int closeAfterCode;
    private final String closeAfterReason;
    private final long sendTimeoutNanos;
    private final Runnable senderTask = () -> run(true);
    private final Runnable resumeTask = this::resume;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final AtomicInteger phase = new AtomicInteger();
    private final AtomicLong pending = new AtomicLong();

    // The queue. Producer side: tail, tailIndex. Consumer side: head, headIndex, consumed.
    private volatile long produced;
    private long consumed;
    private Chunk tail;
    private int tailIndex;
    private Chunk head;
    private int headIndex;

    // The consumer's current reply (held across thread hops with the token).
    private Object current;
    private long currentMeta;
    private int copiesLeft;
    private boolean delayDue;
    private Throwable asyncFailure;
    private volatile ScheduledFuture<?> delayTask;

    // Read by other threads.
    private volatile long busySince;
    private volatile boolean stopped;
    private volatile Close closeRequested;
    private final AtomicInteger stuckReported = new AtomicInteger();
    private volatile ByteBuffer pingPayload;
    private final Runnable pingTask = this::sendPing;

    /** A close this queue will send once the send in flight is done. */
    record Close(int code, String reason) {
    }

    private static final class Chunk {
        final Object[] payloads = new Object[CHUNK];
        final long[] metas = new long[CHUNK];
        Chunk next;
    }

    /**
     * @param bound        most bytes this connection may have queued or in flight (its largest message)
     * @param boundSetting the setting(s) that bound comes from, for the close reason
     */
    EchoQueue(EchoRemote remote, Wiring wiring, long bound, String boundSetting, EchoKnobs knobs, Traffic traffic) {
        this.remote = remote;
        this.wiring = wiring;
        this.traffic = traffic;
        this.bound = Math.max(bound, MIN_CHARGE);
        this.boundSetting = boundSetting;
        this.delayMillis = knobs.delay().toMillis();
        this.repeat = knobs.repeat();
        this.closeAfterCode = knobs.closeCode();
        this.closeAfterReason = knobs.closeReason();
        this.sendTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(wiring.sendTimeoutMillis());
    }

    // ---------------------------------------------------------------- producer (the container's reading thread)

    /**
     * Queues a reply of {@code bytes} (UTF-8 bytes for text) and starts sending if nothing is in flight. Waits, at
     * most the send timeout, while this connection's bound or the server's budget is full.
     *
     * @param payload  a {@link String} or a {@link ByteBuffer} the queue may keep
     * @param reserved bytes already charged for it with {@link #reserve} (a repeated message, held while it arrived)
     * @return false when the connection is closing or closed: nothing was queued
     */
    boolean offer(Object payload, long bytes, int flags, long reserved) {
        long charge = charge(bytes);
        if (charge > reserved && !reserve(charge - reserved)) {
            return false;
        }
        long meta = bytes << 8 | flags;
        if (state.compareAndSet(IDLE, BUSY)) {
            if (consumed == produced) {
                take(payload, meta); // the fast path: nothing queued, nothing in flight
            } else {
                enqueue(payload, meta);
            }
            run(false);
        } else {
            enqueue(payload, meta);
            if (state.compareAndSet(IDLE, BUSY)) {
                run(false);
            }
        }
        return true;
    }

    /**
     * Charges {@code bytes} for data the producer holds before offering it (a repeated message), waiting for room
     * like {@link #offer}.
     *
     * @return false when the connection is closing or closed, or there was no room in time (it is then closing)
     */
    boolean reserve(long bytes) {
        int outcome = tryReserve(bytes);
        if (outcome == OK) {
            return true;
        }
        if (outcome == GONE) {
            return false;
        }
        int[] last = {outcome};
        boolean done;
        try {
            done = wiring.budget().await(() -> {
                int o = tryReserve(bytes);
                last[0] = o;
                return o == OK || o == GONE || closeRequested != null;
            }, nanoTime() + sendTimeoutNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestClose(CloseCodes.GOING_AWAY.getCode(), "server shutting down");
            return false;
        }
        if (done && last[0] == OK) {
            if (closeRequested == null) {
                return true;
            }
            release(bytes);
            return false;
        }
        if (!done && last[0] != GONE) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(sendTimeoutNanos);
            String reason = last[0] == FULL_HERE
                    ? "you did not read your echoes: " + bound + " bytes waited " + seconds + " s (" + boundSetting + ", wskit.sendTimeout)"
                    : "server echo memory full for " + seconds + " s (wskit.echo.maxPendingBytes, wskit.sendTimeout)";
            LOG.log(Level.INFO, "{0} | back-pressure | {1}", remote.id(), reason);
            requestClose(CloseCodes.ECHO_BACKLOG_FULL.getCode(), reason);
        }
        return false;
    }

    /** Gives back a charge taken with {@link #reserve} and never offered. */
    void release(long bytes) {
        while (true) {
            long p = pending.get();
            if (p < 0) {
                return;
            }
            if (pending.compareAndSet(p, p - bytes)) {
                wiring.budget().release(bytes);
                return;
            }
        }
    }

    private static final int OK = 0;
    private static final int FULL_HERE = 1;
    private static final int FULL_SERVER = 2;
    private static final int GONE = 3;

    private int tryReserve(long bytes) {
        while (true) {
            long p = pending.get();
            if (p < 0 || closeRequested != null) {
                return GONE;
            }
            if (p + bytes > bound) {
                return FULL_HERE;
            }
            if (pending.compareAndSet(p, p + bytes)) {
                break;
            }
        }
        if (wiring.budget().tryReserve(bytes)) {
            return OK;
        }
        // Undo the local charge without touching the budget, which never had it.
        while (true) {
            long p = pending.get();
            if (p < 0 || pending.compareAndSet(p, p - bytes)) {
                return FULL_SERVER;
            }
        }
    }

    /**
     * Asks for the connection to be closed once the send in flight (if any) is done; what is queued is dropped. The
     * first close asked for wins. Any thread.
     */
    void requestClose(int code, String reason) {
        if (closeRequested == null) {
            closeRequested = new Close(code, reason);
        }
        wakeConsumer();
    }

    /** The connection has ended (the container said so): drop everything and release the charges. Any thread. */
    void stop() {
        stopped = true;
        releaseAll();
        wakeConsumer();
    }

    private void wakeConsumer() {
        ScheduledFuture<?> delay = delayTask;
        if (delay != null && delay.cancel(false)) {
            delayTask = null;
            run(false); // the delay held the token; it is ours now
        } else if (state.compareAndSet(IDLE, BUSY)) {
            run(false);
        }
    }

    private void enqueue(Object payload, long meta) {
        if (tail == null) {
            tail = new Chunk();
            head = tail;
        } else if (tailIndex == CHUNK) {
            Chunk next = new Chunk();
            tail.next = next;
            tail = next;
            tailIndex = 0;
        }
        tail.payloads[tailIndex] = payload;
        tail.metas[tailIndex] = meta;
        tailIndex++;
        produced = produced + 1; // volatile: publishes the slot (and a new chunk) to the consumer
    }

    // ---------------------------------------------------------------- consumer (whoever holds the token)

    private boolean poll() {
        if (consumed == produced) {
            return false;
        }
        if (headIndex == CHUNK) {
            head = head.next;
            headIndex = 0;
        }
        Object payload = head.payloads[headIndex];
        head.payloads[headIndex] = null;
        take(payload, head.metas[headIndex]);
        headIndex++;
        consumed++;
        return true;
    }

    private void take(Object payload, long meta) {
        current = payload;
        currentMeta = meta;
        int flags = (int) (meta & 0xFF);
        // With repeat > 1 every message is held and offered whole; a reply that is not a message (a greeting) is not.
        copiesLeft = (flags & (WHOLE | FIRST)) == (WHOLE | FIRST) ? repeat : 1;
        if ((flags & FIRST) != 0) {
            delayDue = delayMillis > 0;
        }
    }

    /** Sends what is queued until the queue is empty, a send is in flight, or the work must move to another thread. */
    private void run(boolean mayBlock) {
        while (true) {
            if (stopped || closeRequested != null) {
                finish();
                return;
            }
            if (current == null && !poll()) {
                state.set(IDLE);
                if ((consumed == produced && closeRequested == null && !stopped) || !state.compareAndSet(IDLE, BUSY)) {
                    return;
                }
                continue;
            }
            if (delayDue) {
                delayDue = false;
                try {
                    delayTask = wiring.scheduler().schedule(resumeTask, delayMillis, TimeUnit.MILLISECONDS);
                    return; // the delay holds the token
                } catch (RejectedExecutionException e) {
                    stopped = true; // the runtime is closing
                    continue;
                }
            }
            int flags = (int) (currentMeta & 0xFF);
            if ((flags & WHOLE) != 0) {
                if (!startAsync(flags)) {
                    return; // in flight; its completion carries on
                }
            } else if (mayBlock) {
                sendPart(flags);
            } else {
                try {
                    wiring.senders().execute(senderTask);
                    return; // a sender thread carries on
                } catch (RejectedExecutionException e) {
                    stopped = true;
                }
            }
        }
    }

    private void resume() {
        delayTask = null;
        run(false);
    }

    /** @return true when the send already completed (on this thread), false when it is in flight */
    private boolean startAsync(int flags) {
        asyncFailure = null;
        busySince = nanoTime();
        phase.set(SENDING);
        traffic.sent(currentMeta >>> 8, true);
        try {
            if ((flags & TEXT) != 0) {
                remote.sendText((String) current, this);
            } else {
                ByteBuffer data = (ByteBuffer) current;
                remote.sendBinary(repeat > 1 ? data.duplicate() : data, this);
            }
        } catch (RuntimeException e) {
            if (phase.compareAndSet(SENDING, COMPLETED)) {
                asyncFailure = e;
            }
        }
        if (phase.compareAndSet(SENDING, RETURNED)) {
            return false;
        }
        sent(asyncFailure);
        return true;
    }

    /** The completion of an asynchronous send, on a container thread (or inline, inside the send). */
    @Override
    public void onResult(SendResult result) {
        Throwable failure = result.isOK() ? null
                : result.getException() != null ? result.getException() : new IOException("send failed");
        asyncFailure = failure;
        if (phase.compareAndSet(SENDING, COMPLETED)) {
            return; // completed inline: the sending thread carries on
        }
        sent(failure);
        run(false);
    }

    private void sendPart(int flags) {
        Throwable failure = null;
        busySince = nanoTime();
        try {
            boolean last = (flags & LAST) != 0;
            traffic.sent(currentMeta >>> 8, last);
            if ((flags & TEXT) != 0) {
                remote.sendText((String) current, last);
            } else {
                remote.sendBinary((ByteBuffer) current, last);
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        sent(failure);
    }

    /** After a send of the current reply: next copy, or release it; a failure closes the connection. */
    private void sent(Throwable failure) {
        busySince = 0;
        if (failure != null) {
            dropCurrent();
            failed(failure);
            return;
        }
        if (--copiesLeft > 0) {
            return; // the same reply again (repeat)
        }
        int flags = (int) (currentMeta & 0xFF);
        dropCurrent();
        if ((flags & CLOSE_AFTER) != 0 && closeRequested == null) {
            closeRequested = new Close(closeAfterCode, closeAfterReason);
        }
    }

    private void dropCurrent() {
        if (current != null) {
            release(charge(currentMeta >>> 8));
            current = null;
        }
    }

    /** What a reply of {@code bytes} is charged against the bounds. */
    private static long charge(long bytes) {
        return Math.max(bytes, MIN_CHARGE);
    }

    private void failed(Throwable failure) {
        if (stuckReported.get() > 0 || Failures.isTimeout(failure)) {
            reportStuck();
            closeRequested = closeRequested != null ? closeRequested : new Close(CloseCodes.NOT_READING.getCode(), stuckReason());
        } else if (stopped || !remote.isOpen()) {
            LOG.log(Level.DEBUG, "{0} | send-failed | peer gone: {1}", remote.id(), failure.toString());
        } else {
            LOG.log(Level.WARNING, "{0} | send-failed | closing with 1011", remote.id(), failure);
            if (closeRequested == null) {
                closeRequested = new Close(CloseCodes.SEND_FAILED.getCode(), "echo send failed");
            }
        }
    }

    /** Ends the queue for good (the token is never released again): drops what is left and sends the close. */
    private void finish() {
        state.set(DONE);
        ScheduledFuture<?> delay = delayTask;
        if (delay != null) {
            delay.cancel(false);
        }
        while (poll()) {
            current = null;
        }
        current = null;
        releaseAll();
        wiring.onDone().accept(this);
        Close close = closeRequested;
        if (close != null && !stopped) {
            traffic.closing(close.code());
            try {
                wiring.closer().execute(() -> {
                    try {
                        remote.close(close.code(), close.reason());
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.DEBUG, "{0} | close-failed | {1}", remote.id(), e.toString());
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.log(Level.DEBUG, "{0} | close-skipped | runtime closed", remote.id());
            }
        }
    }

    private void releaseAll() {
        long p = pending.getAndSet(ENDED);
        if (p >= 0) {
            wiring.budget().release(p);
        }
    }

    // ---------------------------------------------------------------- pings (the shared timer thread)

    /**
     * Sends a ping through {@code senders} if nothing is queued or in flight; otherwise skips it (the data on its way
     * says more than a ping would). Never blocks the calling thread.
     */
    void ping(Executor senders) {
        if (state.get() != IDLE || consumed != produced || !state.compareAndSet(IDLE, BUSY)) {
            return;
        }
        if (consumed != produced || current != null || stopped || closeRequested != null) {
            run(false);
            return;
        }
        // Stamped here, on the timer's schedule, so the payloads are spaced by the interval whatever the senders' delay.
        pingPayload = ByteBuffer.allocate(Long.BYTES).putLong(0, System.currentTimeMillis());
        try {
            senders.execute(pingTask);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "{0} | ping-skipped | all ping senders busy", remote.id());
            run(false);
        }
    }

    private void sendPing() {
        busySince = nanoTime();
        try {
            remote.sendPing(pingPayload);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "{0} | ping-failed | {1}", remote.id(), e.toString());
        } finally {
            busySince = 0;
        }
        run(false);
    }

    // ---------------------------------------------------------------- the watchdog (the shared timer thread)

    /**
     * Whether a send has been in flight for the send timeout as of {@code now} ({@link System#nanoTime()}). The first
     * time it has, logs it and aborts the connection through the closer. Never blocks.
     */
    boolean checkStuck(long now) {
        long since = busySince;
        if (since == 0) {
            return false;
        }
        if (now - since < sendTimeoutNanos || !reportStuck()) {
            return false;
        }
        // The abort may end the connection before the close goes out: it is the server's close all the same.
        traffic.closing(CloseCodes.NOT_READING.getCode());
        requestClose(CloseCodes.NOT_READING.getCode(), stuckReason());
        try {
            wiring.closer().execute(remote::abort);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "{0} | abort-skipped | runtime closed", remote.id());
        }
        return true;
    }

    /** Logs the stuck client once; true the first time. */
    private boolean reportStuck() {
        if (!stuckReported.compareAndSet(0, 1)) {
            return false;
        }
        LOG.log(Level.INFO, "{0} | stuck | {1}", remote.id(), stuckReason());
        return true;
    }

    private String stuckReason() {
        return "you did not read for " + TimeUnit.NANOSECONDS.toSeconds(sendTimeoutNanos) + " s (wskit.sendTimeout)";
    }

    private static long nanoTime() {
        long now = System.nanoTime();
        return now == 0 ? 1 : now;
    }

    // ---------------------------------------------------------------- for tests and the hub

    /** Bytes queued or in flight; negative once ended. */
    long pendingBytes() {
        return pending.get();
    }

    boolean isDone() {
        return state.get() == DONE;
    }
}
