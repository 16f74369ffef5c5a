package dev.wskit.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a client reconnects and how long it waits first: the values of {@code --reconnect}, {@code --max-reconnects},
 * {@code --backoff} and {@code --max-backoff}. Each connection that reconnects keeps its own {@link Backoff}.
 * Immutable.
 *
 * @param enabled     whether to reconnect at all
 * @param maxAttempts attempts in a row after which the client gives up
 * @param backoff     the first wait; also the most a 1012 (service restart) close waits
 * @param maxBackoff  the longest wait
 */
public record RetryPolicy(boolean enabled, int maxAttempts, Duration backoff, Duration maxBackoff) {

    /** The close code of a server that is draining to restart: come back now (with jitter), not after a backoff. */
    public static final int SERVICE_RESTART = 1012;

    /** No reconnects. */
    public static final RetryPolicy NEVER = new RetryPolicy(false, 0, Duration.ZERO, Duration.ZERO);

    /**
     * Whether a connection closed with {@code code} is worth opening again: the server going away (1001), an
     * unexpected condition (1011), a restart (1012), overload (1013), a bad gateway (1014), or a connection lost
     * without a close (1006). Any other code is an answer, not an accident.
     */
    public static boolean retryable(int code) {
        return switch (code) {
            case 1001, 1006, 1011, SERVICE_RESTART, 1013, 1014 -> true;
            default -> false;
        };
    }

    /** The waits of one connection, from the first attempt on. */
    public Backoff start() {
        return new Backoff(this, bound -> ThreadLocalRandom.current().nextLong(bound));
    }
}
