package dev.wskit.client;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * The waits between the reconnect attempts of one connection under a {@link RetryPolicy}. The first attempt waits
 * {@code backoff}, each further attempt in a row twice as long, up to {@code maxBackoff}; after {@code maxAttempts}
 * attempts in a row there are no more. A 1012 close (service restart: the server is draining to restart, not
 * failing) is the exception: the attempt after it goes at once, after a random wait from 0 to {@code backoff}, so
 * that every client of the restarting server does not come back in the same millisecond; should that attempt fail,
 * the waits double again from {@code backoff}. A connection that worked ({@link #succeeded}) starts over.
 *
 * <p>Not thread-safe: one connection's reconnects are made one after the other, by one thread at a time.
 */
public final class Backoff {

    private final RetryPolicy policy;
    /** A uniform random number from 0 to its argument, exclusive. */
    private final LongUnaryOperator random;
    private int attempts;
    private Duration next;

    Backoff(RetryPolicy policy, LongUnaryOperator random) {
        this.policy = policy;
        this.random = random;
        this.next = policy.backoff();
    }

    /** The connection worked: only failures in a row count against {@code maxAttempts}, and waits start over. */
    public void succeeded() {
        attempts = 0;
        next = policy.backoff();
    }

    /**
     * Counts one more attempt and returns how long to wait before it, after a connection closed with
     * {@code closeCode} (0: a connect that failed); empty when reconnecting is off or no attempt remains.
     */
    public Optional<Duration> next(int closeCode) {
        if (!policy.enabled() || attempts >= policy.maxAttempts()) {
            return Optional.empty();
        }
        attempts++;
        if (closeCode == RetryPolicy.SERVICE_RESTART) {
            next = policy.backoff();
            return Optional.of(Duration.ofMillis(random.applyAsLong(policy.backoff().toMillis() + 1)));
        }
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : doubled;
        return Optional.of(wait);
    }
}
