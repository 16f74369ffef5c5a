package dev.wskit.echo;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The server-wide bound on echo data waiting to be sent ({@code wskit.echo.maxPendingBytes}): every connection's
 * {@link EchoQueue} reserves what it queues here and releases it once sent or dropped.
 *
 * <p>Threading: {@link #tryReserve} and {@link #release} are lock-free (one CAS or add each) and may be called from
 * any thread. Only a thread that finds no room waits, in {@link #await}: under this budget's lock, which a release
 * takes only while someone waits, and never while sending. A release wakes every waiter; each re-checks its own
 * condition, so there is no lost wake-up (a waiter counts itself before it checks, a releaser frees before it looks).
 */
public final class EchoBudget {

    private final long max;
    private final AtomicLong used = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private volatile int waiters;

    public EchoBudget(long max) {
        if (max <= 0) {
            throw new IllegalArgumentException("budget must be positive: " + max);
        }
        this.max = max;
    }

    /** Takes {@code bytes} if they fit. */
    public boolean tryReserve(long bytes) {
        while (true) {
            long u = used.get();
            if (u + bytes > max) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    /** Gives back {@code bytes} taken by {@link #tryReserve}, and wakes the waiters if there are any. */
    public void release(long bytes) {
        used.addAndGet(-bytes);
        if (waiters > 0) {
            wakeAll();
        }
    }

    /** Wakes every waiter so it re-checks its condition. */
    private void wakeAll() {
        lock.lock();
        try {
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code attempt} succeeds, re-trying it after every release, until {@code deadlineNanos}
     * ({@link System#nanoTime()} scale).
     *
     * @return whether the attempt succeeded in time
     */
    public boolean await(BooleanSupplier attempt, long deadlineNanos) throws InterruptedException {
        lock.lock();
        waiters++;
        try {
            while (!attempt.getAsBoolean()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                freed.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            waiters--;
            lock.unlock();
        }
    }

    /** Bytes reserved now. */
    public long used() {
        return used.get();
    }

    public long max() {
        return max;
    }

    @Override
    public String toString() {
        return "EchoBudget[" + used.get() + "/" + max + "]";
    }
}
